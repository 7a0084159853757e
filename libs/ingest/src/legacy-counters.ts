import { parseLegacyNumber } from "@panoptes/models";
import type { DocumentReference, DocumentSnapshot, Firestore } from "firebase-admin/firestore";

/** The counters record-image increments on units and observations. */
export const COUNTER_FIELDS = ["num_images", "num_observations", "total_minutes_exptime"] as const;

/**
 * The counters of a stored document that are not numbers (the 2020 network sometimes stored `"12"`), as the
 * numbers they say; an unreadable or null counter counts as 0. Empty when every counter present is a number.
 */
export function legacyCounters(data: Record<string, unknown> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const field of COUNTER_FIELDS) {
    const v = data?.[field];
    if (v === undefined || typeof v === "number") continue;
    out[field] = (typeof v === "string" ? parseLegacyNumber(v) : null) ?? 0;
  }
  return out;
}

/**
 * Rewrites counters stored as strings as numbers, one transaction per document, before record-image's blind
 * increments: `FieldValue.increment` on a string would replace it with the increment, losing the legacy count.
 * Every recorder converts before it increments and the transaction reads the document, so no increment ever
 * lands on a string. Returns the number of documents rewritten.
 */
export async function normaliseLegacyCounters(
  db: Firestore,
  snaps: readonly DocumentSnapshot[],
): Promise<number> {
  const stale: DocumentReference[] = snaps
    .filter((s) => s.exists && Object.keys(legacyCounters(s.data())).length > 0)
    .map((s) => s.ref);
  const rewritten = await Promise.all(
    stale.map((ref) =>
      db.runTransaction(async (tx) => {
        const fix = legacyCounters((await tx.get(ref)).data());
        if (Object.keys(fix).length === 0) return 0;
        tx.update(ref, fix);
        return 1;
      }),
    ),
  );
  return rewritten.reduce<number>((a, b) => a + b, 0);
}
