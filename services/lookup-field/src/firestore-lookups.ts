import type { NetworkFields, Resolution, ResolutionCache } from "@panoptes/lookup";
import { COLLECTIONS, ObservationDocRead, plainFirestoreValue } from "@panoptes/models";
import type { Firestore } from "firebase-admin/firestore";
import { createHash } from "node:crypto";

/** The network's own field names: observations whose `field_name_key` matches and that have coordinates. */
export function firestoreNetworkFields(db: Firestore): NetworkFields {
  return {
    async findByFieldName(normalizedName) {
      const snap = await db
        .collection(COLLECTIONS.observations)
        .where("field_name_key", "==", normalizedName)
        .limit(50)
        .get();
      for (const doc of snap.docs) {
        // Through the reader schema: a 2020 document may hold its coordinates as strings.
        const r = ObservationDocRead.safeParse(plainFirestoreValue({ sequence_id: doc.id, ...doc.data() }));
        const { ra, dec, field_name } = r.success ? r.data : {};
        if (typeof ra === "number" && typeof dec === "number") {
          return { name: typeof field_name === "string" ? field_name : normalizedName, ra, dec };
        }
      }
      return null;
    },
  };
}

export const LOOKUP_CACHE = COLLECTIONS.lookupCache;

/** Sesame answers kept in Firestore (`lookup_cache`, id = hash of the key), expiring after `ttlDays`. */
export function firestoreCache(
  db: Firestore,
  ttlDays: number,
  now: () => Date = () => new Date(),
): ResolutionCache {
  const ref = (key: string) =>
    db.collection(LOOKUP_CACHE).doc(createHash("sha256").update(key).digest("hex").slice(0, 40));
  return {
    async get(key: string): Promise<Resolution | undefined> {
      const snap = await ref(key).get();
      if (!snap.exists) return undefined;
      const { resolution, stored_ms } = snap.data() as { resolution: Resolution; stored_ms: number };
      return now().getTime() - stored_ms > ttlDays * 86400000 ? undefined : resolution;
    },
    async set(key: string, resolution: Resolution): Promise<void> {
      await ref(key).set({ key, resolution, stored_ms: now().getTime() });
    },
  };
}
