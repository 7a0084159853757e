import { DEMO_TRANSIT, DEMO_TRANSIT_SEQUENCE_ID, demoDataset } from "@panoptes/demo";
import { REPO_ROOT } from "@panoptes/testing";
import fs from "node:fs";
import path from "node:path";

/** npm start's address table names the demo's transit observation; it must be the one the demo uploads. */
test("the address table names the demo's transit observation as libs/demo makes it", () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, "scripts/lib/local-stack.mjs"), "utf8");
  const named = /export const DEMO_TRANSIT_SEQUENCE_ID = "([^"]+)"/.exec(text)?.[1];
  expect(named).toBe(DEMO_TRANSIT_SEQUENCE_ID);
});

/** npm start is ready when the explorer counts the demo network's images; bench:start counts them too. */
test("the demo network's and the transit observation's sizes named by npm start are the ones the demo uploads", () => {
  const stack = fs.readFileSync(path.join(REPO_ROOT, "scripts/lib/local-stack.mjs"), "utf8");
  const demo = fs.readFileSync(path.join(REPO_ROOT, "scripts/dev/demo.ts"), "utf8");
  const perObservation = Number(/const NETWORK_FRAMES_PER_OBSERVATION = (\d+);/.exec(demo)?.[1]);
  const networkImages = Number(/export const DEMO_NETWORK_IMAGES = (\d+);/.exec(stack)?.[1]);
  const transitFrames = Number(/export const DEMO_TRANSIT_FRAMES = (\d+);/.exec(stack)?.[1]);
  expect(networkImages).toBe(demoDataset(perObservation).length);
  expect(transitFrames).toBe(DEMO_TRANSIT.frames);
  // and the units, cameras and observations the address table names
  const network = demoDataset(perObservation);
  expect(new Set(network.map((s) => s.unit_id)).size).toBe(3);
  expect(new Set(network.map((s) => `${s.unit_id}/${s.camera_id}/${s.sequence_time}`)).size).toBe(10);
});
