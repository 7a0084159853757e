// Reads firebase.json: which emulators exist, their ports, and which services have a functions codebase.
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const PROJECT_ID = "demo-panoptes";

export function readFirebaseJson(root = ROOT) {
  return JSON.parse(fs.readFileSync(path.join(root, "firebase.json"), "utf8"));
}

/** Emulators that have something to serve: firestore, pubsub, storage, auth always; functions and hosting when configured. */
export function defaultEmulators(config) {
  const list = ["firestore", "pubsub", "storage", "auth"];
  if (Array.isArray(config.functions) && config.functions.length > 0) list.push("functions");
  if (config.hosting) list.push("hosting");
  return list;
}

/** The ports the given emulators (plus the hub and logging) will bind. */
export function portsFor(config, emulators) {
  const e = config.emulators;
  const out = [
    { name: "emulator hub", port: e.hub.port },
    { name: "logging", port: e.logging.port },
  ];
  for (const name of emulators) {
    out.push({ name: `${name} emulator`, port: e[name].port });
    if (name === "firestore" && e.firestore.websocketPort) out.push({ name: "firestore websocket", port: e.firestore.websocketPort });
    if (name === "functions" || name === "storage") {
      out.push({ name: "eventarc emulator", port: e.eventarc.port });
      out.push({ name: "tasks emulator", port: e.tasks.port });
    }
  }
  return [...new Map(out.map((p) => [p.port, p])).values()];
}

/** The `*_EMULATOR_HOST` variables a client needs for the given emulators. */
export function emulatorHostEnv(config, emulators) {
  const e = config.emulators;
  const at = (name) => `${e[name].host}:${e[name].port}`;
  const env = { GCLOUD_PROJECT: PROJECT_ID, GOOGLE_CLOUD_PROJECT: PROJECT_ID };
  if (emulators.includes("firestore")) env.FIRESTORE_EMULATOR_HOST = at("firestore");
  if (emulators.includes("pubsub")) env.PUBSUB_EMULATOR_HOST = at("pubsub");
  if (emulators.includes("storage")) {
    env.FIREBASE_STORAGE_EMULATOR_HOST = at("storage");
    env.STORAGE_EMULATOR_HOST = `http://${at("storage")}`;
  }
  if (emulators.includes("auth")) env.FIREBASE_AUTH_EMULATOR_HOST = at("auth");
  if (emulators.includes("functions")) env.FUNCTIONS_EMULATOR_HOST = at("functions");
  if (emulators.includes("hosting")) env.HOSTING_EMULATOR_HOST = at("hosting");
  return env;
}
