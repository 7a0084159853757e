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

/**
 * How a status word reads on the page: the one vocabulary of libs/models (the 2020 network's words included),
 * older words (`receiving`, `pending`) shown as their current word, anything else as stored. `tone` picks the
 * pill's colour.
 */
export function statusLabel(word: string | null | undefined): { text: string; title: string; tone: string } {
  const current = word ? (OLDER_WORDS[word] ?? word) : "";
  const known = STATUS_LABELS[current];
  if (!word) return { text: "unknown", title: "no status stored", tone: "" };
  if (!known) return { text: word.replace(/_/g, " "), title: `status "${word}"`, tone: "" };
  return {
    text: known.text,
    title: current === word ? known.title : `${known.title} (stored as "${word}")`,
    tone: known.tone,
  };
}

const OLDER_WORDS: Record<string, string> = { receiving: "receiving_files", pending: "queued" };

const STATUS_LABELS: Record<string, { text: string; title: string; tone: string }> = {
  receiving_files: { text: "receiving files", title: "images are still arriving", tone: "" },
  processing: { text: "processing", title: "being processed", tone: "" },
  processed: { text: "processed", title: "processed", tone: "processed" },
  received: { text: "received", title: "file received, header not recorded yet", tone: "" },
  recorded: { text: "recorded", title: "header recorded", tone: "" },
  solved: { text: "solved", title: "plate-solved", tone: "processed" },
  unsolvable: { text: "unsolvable", title: "plate solving found no solution", tone: "" },
  queued: { text: "queued", title: "waiting to run", tone: "" },
  running: { text: "running", title: "running", tone: "" },
  done: { text: "done", title: "finished", tone: "processed" },
  failed: { text: "failed", title: "the run failed", tone: "error" },
  error: { text: "error", title: "a permanent failure (see the error)", tone: "error" },
  active: { text: "active", title: "the unit uploads images", tone: "processed" },
  inactive: { text: "inactive", title: "the unit is not in service", tone: "" },
};

/** Scatter in ppm as the pages show it: `1,234 ppm` (or `1.23 %` from 10,000 ppm up), an em dash when unknown. */
export function ppm(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return v >= 10_000 ? `${(v / 10_000).toFixed(2)} %` : `${Math.round(v).toLocaleString("en-US")} ppm`;
}
