// Helpers for `npm start`: wait for the emulator hub, load demo data, print the addresses of everything.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { listServices } from "./build-services.mjs";

/** Runs the demo loader (scripts/demo.ts) when it exists: generated files through the real pipeline. */
export async function loadDemo({ root, env, log }) {
  const loader = path.join(root, "scripts/demo.ts");
  if (!fs.existsSync(loader)) {
    log("no demo loader yet (it arrives with the ingest pipeline)");
    return;
  }
  // The demo network through the pipeline, then a demo lightcurve for the newest observation.
  for (const script of [loader, path.join(root, "scripts/seed-demo-lightcurves.ts")]) {
    const res = spawnSync(path.join(root, "node_modules/.bin/tsx"), [script], {
      cwd: root,
      env,
      stdio: "inherit",
    });
    if (res.status !== 0) throw new Error(`${path.relative(root, script)} exited with ${res.status}`);
  }
}

/** Prints where each part of the local system listens. */
export function printWhereToLook({ config, emulators, project }) {
  const e = config.emulators;
  const at = (name) => `http://${e[name].host}:${e[name].port}`;
  const lines = [
    "",
    "panoptes-network is running locally (project " + project + "; nothing reaches Google Cloud).",
    "",
  ];
  if (emulators.includes("hosting")) lines.push(`  Data Explorer        ${at("hosting")}/`);
  for (const { manifest } of listServices()) {
    if (manifest.kind !== "function") continue;
    const t = manifest.trigger;
    const how =
      t.type === "http"
        ? `${at("functions")}/${project}/${manifest.region}/${manifest.entryPoint}${t.public ? "" : "  (needs an ID token)"}`
        : t.type === "topic"
          ? `Pub/Sub topic ${t.topic}`
          : `uploads to gs://${t.bucket}`;
    lines.push(`  ${manifest.name.padEnd(20)} ${how}`);
  }
  lines.push(
    "",
    "  Demo data: 3 units, 6 cameras, 11 observations, 44 images (recorded through the real pipeline; 4 of real sky for solve-image).",
    "",
    `  Firestore            ${at("firestore")}   (FIRESTORE_EMULATOR_HOST=${e.firestore.host}:${e.firestore.port})`,
    `  Pub/Sub              ${at("pubsub")}   (PUBSUB_EMULATOR_HOST=${e.pubsub.host}:${e.pubsub.port})`,
    `  Cloud Storage        ${at("storage")}   (STORAGE_EMULATOR_HOST=${at("storage")})`,
    `  Auth                 ${at("auth")}`,
    "",
    "  Try:  npx panoptes show unit PAN001",
    "        npx panoptes show observation PAN001_14d3bd_20240316T060000 --json",
    "        npx panoptes upload ../shared/fixtures/fits/solved.fits.fz --path PAN001/14d3bd/20160909T081152/20160909T081434.fits.fz --wait",
    "        npx panoptes lookup 'KIC 8462852'      npx panoptes header gs://panoptes-raw-images/PAN001/14d3bd/20240316T060000/20240316T060030.fits",
    "  Ctrl-C stops everything.",
    "",
  );
  console.log(lines.join("\n"));
}
