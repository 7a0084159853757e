/** Display helpers. Every time shown is UTC and says so. */

/** `2024-03-01 04:00:00 UTC` from an ISO string, or an em dash. */
export function utc(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "—" : `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** A number with at most `digits` decimals, thousands separated, or an em dash. */
export function num(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return v.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** A compact count: 12,345 → "12,345"; 1,234,567 → "1.23 M". */
export function count(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : v.toLocaleString("en-US");
}

/** Any value for a metadata table. */
export function text(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
