import { CLIENT_READABLE_COLLECTIONS, COLLECTIONS } from "@panoptes/models";
import { REPO_ROOT } from "@panoptes/testing";
import fs from "node:fs";
import path from "node:path";

/** The collections `firestore.rules` opens by name (`match /<name>/{id} { allow read: ... }`). */
function openedByRules(): string[] {
  const rules = fs.readFileSync(path.join(REPO_ROOT, "firestore.rules"), "utf8");
  return [...rules.matchAll(/match \/([a-z_]+)\/\{\w+\}\s*\{\s*allow read:/g)].map((m) => m[1]!);
}

describe("firestore.rules and libs/models agree", () => {
  it("opens to clients exactly the collections libs/models lists as client-readable", () => {
    expect(openedByRules().sort()).toEqual([...CLIENT_READABLE_COLLECTIONS].sort());
  });

  it("lists only known collections as client-readable", () => {
    const all: string[] = Object.values(COLLECTIONS);
    for (const c of CLIENT_READABLE_COLLECTIONS) expect(all).toContain(c);
  });

  it("closes everything else with the catch-all rule", () => {
    const rules = fs.readFileSync(path.join(REPO_ROOT, "firestore.rules"), "utf8");
    expect(rules).toMatch(/match \/\{document=\*\*\}\s*\{\s*allow read, write: if false;/);
  });
});
