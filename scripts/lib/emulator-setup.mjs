// Prepares what the Firebase emulators need on a machine without internet, without touching system files:
// wrappers around the Google Cloud SDK's Firestore and Pub/Sub emulators, and a Storage rules runtime (the real
// one when firebase-tools has cached it, otherwise our stand-in). Why each step: docs/local-stack.md.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export class SetupError extends Error {
  constructor(message) {
    super(message);
    this.name = "SetupError";
  }
}

/** Returns Java's major version, or throws a SetupError naming the package to install. */
export function checkJava(env = process.env) {
  const res = spawnSync("java", ["-version"], { encoding: "utf8", env });
  if (res.error?.code === "ENOENT") {
    throw new SetupError(
      "Java is missing: the Firestore, Pub/Sub and Storage emulators are Java programs.\n" +
        "  Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless   (macOS: brew install openjdk@17)",
    );
  }
  const text = `${res.stdout ?? ""}${res.stderr ?? ""}`;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) throw new SetupError(`could not read Java's version from: ${text.trim()}`);
  const major = m[1] === "1" ? Number(m[2]) : Number(m[1]);
  if (major < 11)
    throw new SetupError(`Java ${major} is too old for the emulators: install Java 17 or newer`);
  return major;
}

function sdkCandidates(env) {
  const out = [];
  if (env.CLOUDSDK_ROOT) out.push(env.CLOUDSDK_ROOT);
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    const gcloud = path.join(dir, "gcloud");
    if (fs.existsSync(gcloud)) out.push(path.resolve(path.dirname(fs.realpathSync(gcloud)), ".."));
  }
  out.push("/usr/lib/google-cloud-sdk", "/usr/share/google-cloud-sdk", "/opt/google-cloud-sdk");
  out.push(path.join(os.homedir(), "google-cloud-sdk"));
  return out;
}

/** Finds the Google Cloud SDK's local emulators, or returns null when none is installed. */
export function findSdkEmulators(env = process.env) {
  for (const root of sdkCandidates(env)) {
    const firestoreJar = path.join(root, "platform/cloud-firestore-emulator/cloud-firestore-emulator.jar");
    const pubsubBin = path.join(root, "platform/pubsub-emulator/bin/cloud-pubsub-emulator");
    if (fs.existsSync(firestoreJar) && fs.existsSync(pubsubBin)) return { root, firestoreJar, pubsubBin };
  }
  return null;
}

function hasTool(name) {
  try {
    execFileSync(name, ["-version"], { stdio: "ignore" });
    return true;
  } catch (err) {
    return err.code !== "ENOENT";
  }
}

function newerThan(target, sources) {
  return fs.existsSync(target) && sources.every((s) => fs.statSync(s).mtimeMs <= fs.statSync(target).mtimeMs);
}

function buildFirestoreWrapper(cacheDir, firestoreJar) {
  const jar = path.join(cacheDir, "cloud-firestore-emulator-wrapper.jar");
  const manifest = path.join(cacheDir, "firestore-manifest.txt");
  const text =
    "Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore\n" +
    `Class-Path: ${new URL(`file://${firestoreJar}`).href}\n`;
  if (fs.existsSync(jar) && fs.existsSync(manifest) && fs.readFileSync(manifest, "utf8") === text) return jar;
  if (!hasTool("jar")) {
    throw new SetupError(
      "the 'jar' tool (JDK) is needed once to wrap the SDK's Firestore emulator: apt-get install openjdk-17-jdk-headless",
    );
  }
  fs.writeFileSync(manifest, text);
  fs.rmSync(jar, { force: true });
  execFileSync("jar", ["cfm", jar, manifest], { stdio: "inherit" });
  return jar;
}

function buildPubsubWrapper(cacheDir, pubsubBin) {
  const script = path.join(cacheDir, "cloud-pubsub-emulator");
  fs.writeFileSync(script, `#!/bin/sh\nexec "${pubsubBin}" "$@"\n`, { mode: 0o755 });
  return script;
}

function realRulesRuntime() {
  const dir = path.join(os.homedir(), ".cache/firebase/emulators");
  if (!fs.existsSync(dir)) return null;
  const jar = fs.readdirSync(dir).find((f) => /^cloud-storage-rules-runtime-v[\d.]+\.jar$/.test(f));
  return jar ? path.join(dir, jar) : null;
}

function buildRulesStandIn(cacheDir, scriptsDir) {
  const source = path.join(scriptsDir, "emulators/StorageRulesStandIn.java");
  const jar = path.join(cacheDir, "storage-rules-standin.jar");
  if (newerThan(jar, [source])) return jar;
  if (!hasTool("javac") || !hasTool("jar")) {
    throw new SetupError(
      "The Storage emulator needs a rules runtime. Either run `npx firebase setup:emulators:storage` once with internet,\n" +
        "  or install a JDK so the offline stand-in can be compiled: apt-get install openjdk-17-jdk-headless",
    );
  }
  const classes = path.join(cacheDir, "standin-classes");
  fs.rmSync(classes, { recursive: true, force: true });
  execFileSync("javac", ["-d", classes, source], { stdio: "inherit" });
  fs.rmSync(jar, { force: true });
  execFileSync("jar", ["cfe", jar, "StorageRulesStandIn", "-C", classes, "."], { stdio: "inherit" });
  return jar;
}

/**
 * Builds the wrappers in `cacheDir` and returns the environment variables firebase-tools reads to use them,
 * plus a description of each choice. `rules` is "auto" (real runtime if cached, else the stand-in), "real" or
 * "standin".
 */
export function prepareEmulatorBinaries({ cacheDir, scriptsDir, rules = "auto", env = process.env }) {
  fs.mkdirSync(cacheDir, { recursive: true });
  const vars = {};
  const notes = [];
  const sdk = findSdkEmulators(env);
  if (sdk) {
    vars.FIRESTORE_EMULATOR_BINARY_PATH = buildFirestoreWrapper(cacheDir, sdk.firestoreJar);
    vars.PUBSUB_EMULATOR_BINARY_PATH = buildPubsubWrapper(cacheDir, sdk.pubsubBin);
    notes.push(`Firestore and Pub/Sub emulators from the Google Cloud SDK at ${sdk.root}`);
  } else {
    notes.push("no local Google Cloud SDK emulators: firebase-tools downloads its own (needs internet once)");
  }
  const real = rules === "standin" ? null : realRulesRuntime();
  if (real) {
    notes.push(`Storage rules runtime: ${path.basename(real)} (storage.rules evaluated)`);
  } else if (rules === "real") {
    throw new SetupError(
      "no cached Storage rules runtime: run `npx firebase setup:emulators:storage` with internet",
    );
  } else {
    vars.STORAGE_EMULATOR_BINARY_PATH = buildRulesStandIn(cacheDir, scriptsDir);
    notes.push(
      "Storage rules runtime: offline stand-in that permits everything (storage.rules not evaluated)",
    );
  }
  return { vars, notes };
}
