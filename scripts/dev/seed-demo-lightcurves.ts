// Seeds a demo processed observation and lightcurve (channels r, g, b) for one observation, so the Data
// Explorer's lightcurve page has data before a processing pipeline exists. For `npm start`, after ingest:
//   npx tsx scripts/dev/seed-demo-lightcurves.ts [SEQUENCE_ID]      (default: the newest observation)
// Needs FIRESTORE_EMULATOR_HOST (or real credentials and GCLOUD_PROJECT).
import { seedDemoLightcurves } from "@panoptes/demo";
import { COLLECTIONS } from "@panoptes/models";
import { firebaseApp, firestoreFor } from "@panoptes/platform";

async function main(argv: string[]): Promise<number> {
  const db = firestoreFor(firebaseApp(process.env.GCLOUD_PROJECT ?? "demo-panoptes"));
  let sequenceId = argv[0];
  if (!sequenceId) {
    const newest = await db.collection(COLLECTIONS.observations).orderBy("time", "desc").limit(1).get();
    sequenceId = newest.docs[0]?.id;
    if (!sequenceId) {
      console.error("seed-demo-lightcurves: no observation to attach a lightcurve to; ingest an image first");
      return 1;
    }
  }
  const ids = await seedDemoLightcurves(db, sequenceId);
  console.log(JSON.stringify({ sequence_id: sequenceId, ...ids }));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`seed-demo-lightcurves: ${(err as Error).message}`);
    process.exit(1);
  },
);
