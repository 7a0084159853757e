#!/usr/bin/env node
// npm run bench:emulators: how long the local emulator suite takes to become usable and how much memory it
// holds, median of 3 starts. Each start runs `emulators.mjs exec` with a probe script that records when it
// began and the resident memory of every process under the firebase CLI.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function probeScript(out) {
  // Runs inside the suite: find the firebase CLI among our ancestors, sum RSS of it and all its descendants.
  return `
const fs = require("node:fs");
const started = Date.now();
const stat = (pid) => { try { const s = fs.readFileSync("/proc/" + pid + "/stat", "utf8"); const f = s.slice(s.lastIndexOf(")") + 2).split(" "); return { ppid: Number(f[1]), rss: Number(f[21]) * 4096 }; } catch { return null; } };
const cmd = (pid) => { try { return fs.readFileSync("/proc/" + pid + "/cmdline", "utf8"); } catch { return ""; } };
let pid = process.ppid; while (pid > 1 && !cmd(pid).includes("firebase")) pid = stat(pid).ppid;
const all = fs.readdirSync("/proc").filter((d) => /^\\d+$/.test(d)).map(Number);
const children = new Map(); for (const p of all) { const s = stat(p); if (s) children.set(p, s); }
const tree = new Set([pid]); let grew = true;
while (grew) { grew = false; for (const [p, s] of children) if (!tree.has(p) && tree.has(s.ppid)) { tree.add(p); grew = true; } }
const byName = {}; let total = 0;
for (const p of tree) { const s = children.get(p); if (!s || p === process.pid || (p !== pid && cmd(p).startsWith("/bin/sh"))) continue; const c = cmd(p); const java = c.split("\\0")[0].endsWith("java"); const name = java && c.includes("firestore") ? "firestore (java)" : java && c.includes("pubsub") ? "pubsub (java)" : java ? "storage rules runtime (java)" : c.includes("firebase") ? "firebase CLI: hub, auth, storage, functions" : c.includes("functions") ? "functions workers" : "other"; byName[name] = (byName[name] ?? 0) + s.rss; total += s.rss; }
fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify({ started, total, byName }));
`;
}

function once(only) {
  const out = path.join(os.tmpdir(), `panoptes-bench-${process.pid}-${Date.now()}.json`);
  const probe = path.join(os.tmpdir(), `panoptes-probe-${process.pid}.cjs`);
  fs.writeFileSync(probe, probeScript(out));
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn("node", ["scripts/emulators.mjs", "exec", "--only", only, `node ${probe}`], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => {
      const t1 = Date.now();
      if (code !== 0 || !fs.existsSync(out))
        return reject(new Error(`run failed (${code}): ${stderr.slice(-2000)}`));
      const r = JSON.parse(fs.readFileSync(out, "utf8"));
      fs.rmSync(out);
      resolve({ ready: (r.started - t0) / 1000, total: (t1 - t0) / 1000, rss: r.total, byName: r.byName });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (b) => `${(b / 1048576).toFixed(0)} MB`;

const suites = [
  ["firestore,pubsub", "Firestore + Pub/Sub"],
  ["firestore,pubsub,storage,auth,functions", "full test suite (+ Storage, Auth, Functions)"],
];
console.log(
  `Emulator start-up, median of ${RUNS} starts (Node ${process.version}, ${os.cpus().length} cores)\n`,
);
console.log("suite                                           ready (s)   start+stop (s)   memory (RSS)");
for (const [only, label] of suites) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(only));
  const m = runs.sort((a, b) => a.ready - b.ready)[Math.floor(runs.length / 2)];
  console.log(
    `${label.padEnd(48)}${median(runs.map((r) => r.ready))
      .toFixed(1)
      .padStart(9)}${median(runs.map((r) => r.total))
      .toFixed(1)
      .padStart(17)}${mb(median(runs.map((r) => r.rss))).padStart(15)}`,
  );
  for (const [name, rss] of Object.entries(m.byName))
    console.log(`    ${name.padEnd(44)}${"".padStart(26)}${mb(rss).padStart(15)}`);
}
console.log(
  "\nready = from launching `npm run emulators:exec` to the command starting (includes the service build).",
);
