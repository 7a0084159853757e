// Reads firebase.json: which emulators exist, their ports, and which services have a functions codebase.
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const PROJECT_ID = "demo-panoptes";

export function readFirebaseJson(root = ROOT) {
  return JSON.parse(fs.readFileSync(path.join(root, "firebase.json"), "utf8"));
}

/** The port offset for parallel runs on one machine (PANOPTES_EMULATOR_PORT_OFFSET, default 0). */
export function portOffset(env = process.env) {
  const n = Number(env.PANOPTES_EMULATOR_PORT_OFFSET ?? 0);
  if (!Number.isInteger(n) || n < 0 || n > 50000) {
    throw new Error(
      `PANOPTES_EMULATOR_PORT_OFFSET must be a whole number 0..50000, got ${env.PANOPTES_EMULATOR_PORT_OFFSET}`,
    );
  }
  return n;
}

/** firebase.json with every emulator port shifted by `offset` (the file itself when offset is 0). */
export function withPortOffset(config, offset) {
  if (offset === 0) return config;
  const emulators = { ...config.emulators };
  for (const [name, value] of Object.entries(emulators)) {
    if (value && typeof value === "object" && typeof value.port === "number") {
      emulators[name] = { ...value, port: value.port + offset };
      if (typeof value.websocketPort === "number")
        emulators[name].websocketPort = value.websocketPort + offset;
    }
  }
  return { ...config, emulators };
}

/**
 * The config file the firebase CLI should use: firebase.json, or for a port offset a generated
 * firebase.offset-N.json beside it (same folder, so relative paths keep working; git ignores it).
 */
export function configFileFor(offset, root = ROOT) {
  if (offset === 0) return path.join(root, "firebase.json");
  const file = path.join(root, `firebase.offset-${offset}.json`);
  fs.writeFileSync(file, JSON.stringify(withPortOffset(readFirebaseJson(root), offset), null, 2) + "\n");
  return file;
}

/** The effective configuration (ports shifted by the offset). */
export function effectiveConfig(env = process.env, root = ROOT) {
  return withPortOffset(readFirebaseJson(root), portOffset(env));
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
    if (name === "firestore" && e.firestore.websocketPort)
      out.push({ name: "firestore websocket", port: e.firestore.websocketPort });
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
