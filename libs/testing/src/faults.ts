import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Storage } from "@google-cloud/storage";
import { REPO_ROOT, TEST_PROJECT_ID } from "./emulators";

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon after). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A TCP proxy from a local port to `target`, that a test can cut: `cut()` drops every open connection and
 * refuses new ones (clients see the backend go away), `restore()` lets connections through again.
 */
export interface TcpProxy {
  port: number;
  /** connections dropped by cut(), and connections refused while cut */
  stats: { dropped: number; refused: number };
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const stats = { dropped: 0, refused: 0 };
  let open = true;
  const server = net.createServer((client) => {
    if (!open) {
      stats.refused++;
      return client.destroy();
    }
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stats,
    cut() {
      open = false;
      stats.dropped += sockets.size;
      for (const s of sockets) s.destroy();
    },
    restore() {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A Firestore emulator of its own (the Google Cloud SDK's jar, through the wrapper the emulator setup builds
 * in .cache/emulators), for tests that stop and restart Firestore without disturbing the shared suite.
 * `stop()` exports the data and kills the process, `start()` brings it back on the same port with that data,
 * as a real outage would leave it.
 */
export interface OwnFirestore {
  port: number;
  project: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A document through the REST API, as plain JSON fields (undefined when missing). */
  get(documentPath: string): Promise<Record<string, unknown> | undefined>;
  /** Every document of a collection (ids → plain fields). */
  list(collection: string): Promise<Map<string, Record<string, unknown>>>;
  /** Kills the emulator (if running) and removes its exports. */
  dispose(): void;
}

const WRAPPER_JAR = path.join(REPO_ROOT, ".cache/emulators/cloud-firestore-emulator-wrapper.jar");

/** Firestore REST values → plain JSON (integers as numbers: counters here are far below 2^53). */
function plain(value: Record<string, unknown>): unknown {
  if ("integerValue" in value) return Number(value.integerValue);
  if ("doubleValue" in value) return Number(value.doubleValue);
  if ("stringValue" in value) return value.stringValue;
  if ("booleanValue" in value) return value.booleanValue;
  if ("nullValue" in value) return null;
  if ("timestampValue" in value) return value.timestampValue;
  if ("mapValue" in value) return plainFields((value.mapValue as { fields?: object }).fields ?? {});
  if ("arrayValue" in value)
    return ((value.arrayValue as { values?: Array<Record<string, unknown>> }).values ?? []).map(plain);
  return value;
}

function plainFields(fields: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, plain(v as Record<string, unknown>)]));
}

export async function ownFirestore(project: string): Promise<OwnFirestore> {
  if (!fs.existsSync(WRAPPER_JAR))
    throw new Error(`${WRAPPER_JAR} is missing: start the emulators once (npm test builds it)`);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "own-firestore-"));
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let exported: string | null = null;

  const ready = async () => {
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${base}/`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`own Firestore emulator on port ${port} did not start within 30 s`);
  };

  const documents = `${base}/v1/projects/${project}/databases/(default)/documents`;
  return {
    port,
    project,
    async start() {
      const args = ["-jar", WRAPPER_JAR, "start", "--host=127.0.0.1", `--port=${port}`];
      if (exported) args.push(`--import-data=${exported}`);
      child = spawn("java", args, { stdio: "ignore" });
      await ready();
    },
    async stop() {
      const dir = fs.mkdtempSync(path.join(dataDir, "export-"));
      const res = await fetch(`${base}/emulator/v1/projects/${project}:export`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ database: `projects/${project}/databases/(default)`, export_directory: dir }),
      });
      if (!res.ok) throw new Error(`Firestore emulator export failed: ${res.status} ${await res.text()}`);
      const meta = fs
        .readdirSync(dir, { recursive: true, encoding: "utf8" })
        .find((f) => f.endsWith(".overall_export_metadata"));
      if (!meta) throw new Error(`Firestore emulator export wrote no metadata in ${dir}`);
      exported = path.join(dir, meta);
      const exited = new Promise((r) => child?.once("exit", r));
      child?.kill("SIGKILL");
      await exited;
      child = null;
    },
    dispose() {
      child?.kill("SIGKILL");
      child = null;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    async get(documentPath) {
      const res = await fetch(`${documents}/${documentPath}`);
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`GET ${documentPath}: ${res.status}`);
      return plainFields(((await res.json()) as { fields?: object }).fields ?? {});
    },
    async list(collection) {
      const out = new Map<string, Record<string, unknown>>();
      let pageToken = "";
      do {
        const res = await fetch(`${documents}/${collection}?pageSize=300&pageToken=${pageToken}`);
        if (!res.ok) throw new Error(`list ${collection}: ${res.status}`);
        const body = (await res.json()) as {
          documents?: Array<{ name: string; fields?: object }>;
          nextPageToken?: string;
        };
        for (const d of body.documents ?? []) out.set(d.name.split("/").pop()!, plainFields(d.fields ?? {}));
        pageToken = body.nextPageToken ?? "";
      } while (pageToken);
      return out;
    },
  };
}

/**
 * A Storage client talking to 127.0.0.1:`port` (a TCP proxy, or a closed port) instead of the suite's Storage
 * emulator. The client takes its endpoint from STORAGE_EMULATOR_HOST when it is built, so the variable is
 * pointed there for the construction only.
 */
export function storageAt(port: number, projectId = TEST_PROJECT_ID): Storage {
  const saved = process.env.STORAGE_EMULATOR_HOST;
  process.env.STORAGE_EMULATOR_HOST = `http://127.0.0.1:${port}`;
  try {
    return new Storage({ projectId });
  } finally {
    process.env.STORAGE_EMULATOR_HOST = saved;
  }
}
