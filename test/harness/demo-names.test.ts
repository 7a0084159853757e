import { DEMO_TRANSIT_SEQUENCE_ID } from "@panoptes/demo";
import { REPO_ROOT } from "@panoptes/testing";
import fs from "node:fs";
import path from "node:path";

/** npm start's address table names the demo's transit observation; it must be the one the demo uploads. */
test("the address table names the demo's transit observation as libs/demo makes it", () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, "scripts/lib/local-stack.mjs"), "utf8");
  const named = /export const DEMO_TRANSIT_SEQUENCE_ID = "([^"]+)"/.exec(text)?.[1];
  expect(named).toBe(DEMO_TRANSIT_SEQUENCE_ID);
});
