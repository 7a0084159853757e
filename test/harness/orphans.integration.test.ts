// No orphans: an emulator suite ends with the script that started it, however that script ends, and a start
// cleans up after a run whose processes were left behind. These tests start suites of their own from port
// offsets 7000 and 7001 (the first whose ports are free; Java emulators, no functions: building the services
// could replace the bundles the surrounding test run's Functions emulator is serving).
import { REPO_ROOT, waitFor } from "@panoptes/testing";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const EMULATORS = ["firestore", "pubsub", "storage", "auth"] as const;

interface EmulatorConfig {
  port: number;
  websocketPort?: number;
}

type EmulatorsConfig = Record<
  "hub" | "logging" | "eventarc" | "tasks" | "firestore" | "pubsub" | "storage" | "auth",
  EmulatorConfig
>;

function emulatorConfig(): EmulatorsConfig {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "firebase.json"), "utf8")).emulators;
}

/** Every port the suite binds for `EMULATORS` at `offset`, read from firebase.json. */
function suitePorts(offset: number): number[] {
  const e = emulatorConfig();
  const ports = [e.hub.port, e.logging.port, e.eventarc.port, e.tasks.port, e.firestore.websocketPort ?? 0];
  for (const name of EMULATORS) ports.push(e[name].port);
  return ports.filter((p) => p > 0).map((p) => p + offset);
}

const pubsubPort = (offset: number) => emulatorConfig().pubsub.port + offset;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function busyPorts(ports: number[]): Promise<number[]> {
  const busy: number[] = [];
  for (const p of ports) if (!(await portIsFree(p))) busy.push(p);
  return busy;
}

/** Pids of live processes whose environment carries PANOPTES_RUN_ID=`runId`. */
function processesTagged(runId: string): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]?.startsWith("Z")) continue;
      if (fs.readFileSync(`/proc/${d}/environ`, "utf8").split("\0").includes(`PANOPTES_RUN_ID=${runId}`))
        out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const commandOf = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
};

function emulatorsCli(offset: number, args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ["scripts/emulators.mjs", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, PANOPTES_EMULATOR_PORT_OFFSET: String(offset) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (d) => (text += d));
  child.stderr?.on("data", (d) => (text += d));
  return { child, output: () => text };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on("exit", (code) => resolve(code ?? 1));
  });

/**
 * The first offset from `first` (in steps of 300) whose ports are all free: a suite of its own, also beside
 * other suites on this machine (another offset's websocket port can be this one's hub).
 */
async function freeOffset(first: number): Promise<number> {
  for (let offset = first; offset < first + 3000; offset += 300) {
    if ((await busyPorts(suitePorts(offset))).length === 0) return offset;
  }
  throw new Error(`no free port offset from ${first}`);
}

const stateFile = (offset: number) => path.join(REPO_ROOT, ".cache/runs", `offset-${offset}.json`);

describe("no orphans", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "panoptes-orphans-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("frees every port within 10 s after the top process of emulators:exec is killed with SIGKILL", async () => {
    const offset = await freeOffset(7000);
    const ports = suitePorts(offset);
    const marker = path.join(tmp, "exec-started");
    const command = `node -e 'require("fs").writeFileSync(${JSON.stringify(marker)}, "x"); setInterval(() => {}, 1e9)'`;
    const { child, output } = emulatorsCli(offset, ["exec", "--only", EMULATORS.join(","), command]);
    // Whatever happens, the suite goes (by the very mechanism under test).
    const stopSuite = () => child.exitCode === null && child.kill("SIGKILL");
    try {
      await waitFor(
        async () => (fs.existsSync(marker) ? true : undefined),
        240000,
        "the exec command to start",
      );
    } catch (err) {
      stopSuite();
      throw new Error(`${(err as Error).message}\n${output()}`);
    }
    const { runId } = JSON.parse(fs.readFileSync(stateFile(offset), "utf8")) as { runId: string };
    const before = processesTagged(runId);
    // The firebase CLI, the Java emulators it starts detached (Firestore, Pub/Sub, the Storage rules runtime)
    // and the exec command: all of them must go.
    expect(before.map(commandOf).filter((c) => /java/.test(c)).length).toBeGreaterThanOrEqual(2);
    const used = await busyPorts(ports);
    const e = emulatorConfig();
    const expected = [e.hub.port, ...EMULATORS.map((n) => e[n].port)].map((p) => p + offset);
    if (!expected.every((p) => used.includes(p))) stopSuite();
    expect(used).toEqual(expect.arrayContaining(expected));

    child.kill("SIGKILL");
    const killedAt = Date.now();
    let busy = used;
    let left = before;
    while (Date.now() - killedAt < 10000) {
      busy = await busyPorts(used);
      left = processesTagged(runId);
      if (busy.length === 0 && left.length === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect({ busy, left: left.map(commandOf) }).toEqual({ busy: [], left: [] });
    await waitFor(
      async () => (fs.existsSync(stateFile(offset)) ? undefined : true),
      5000,
      "the run's record to go",
    );
  }, 300000);

  it("a start stops this project's emulators left by a run whose script is gone, and says so", async () => {
    const offset = await freeOffset(7001);
    const port = pubsubPort(offset);
    // What a run killed together with its watchdog leaves: an emulator holding its port, tagged with the run id,
    // and the record naming a script that no longer exists.
    const runId = `${offset}-left-behind-${process.pid}`;
    const leftover = spawn(
      process.execPath,
      ["-e", `require("net").createServer().listen(${port}, "127.0.0.1")`],
      { detached: true, stdio: "ignore", env: { ...process.env, PANOPTES_RUN_ID: runId } },
    );
    const gone = spawn("true");
    await exitOf(gone);
    await waitFor(async () => ((await portIsFree(port)) ? undefined : true), 10000, "the leftover's port");
    fs.mkdirSync(path.dirname(stateFile(offset)), { recursive: true });
    fs.writeFileSync(
      stateFile(offset),
      JSON.stringify({
        runId,
        ownerPid: gone.pid,
        pid: leftover.pid,
        pgid: leftover.pid,
        command: "firebase",
        startedAt: "earlier",
      }),
    );

    const { child, output } = emulatorsCli(offset, ["exec", "--only", "pubsub", "true"]);
    const code = await exitOf(child);
    expect(output()).toMatch(/stopped this project's emulators left running by an earlier run/);
    expect(output()).toContain(`pid ${leftover.pid}`);
    expect(code).toBe(0);
    expect(processesTagged(runId)).toEqual([]);
    expect(fs.existsSync(stateFile(offset))).toBe(false);
  }, 240000);

  it("a start leaves a foreign process on a port alone and names the port", async () => {
    const offset = await freeOffset(7001);
    const port = pubsubPort(offset);
    const foreign = net.createServer();
    await new Promise<void>((resolve) => foreign.listen(port, "127.0.0.1", resolve));
    try {
      const { child, output } = emulatorsCli(offset, ["exec", "--only", "pubsub", "true"]);
      expect(await exitOf(child)).toBe(1);
      expect(output()).toContain(`port already in use: ${port} (pubsub emulator)`);
      expect(foreign.listening).toBe(true);
    } finally {
      await new Promise((r) => foreign.close(r));
    }
  }, 60000);
});
