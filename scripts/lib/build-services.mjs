// Bundles every service with esbuild into services/<name>/dist: one self-contained index.js (everything inlined
// but the runtime dependencies the manifest declares) and a package.json naming those dependencies at the
// versions this repository is tested with.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./firebase-config.mjs";

/** Service manifests (services/<name>/service.json), sorted by name. */
export function listServices(root = ROOT) {
  const dir = path.join(root, "services");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "service.json")))
    .sort()
    .map((name) => ({
      dir: path.join(dir, name),
      manifest: JSON.parse(fs.readFileSync(path.join(dir, name, "service.json"), "utf8")),
    }));
}

function installedVersion(pkg, root) {
  return JSON.parse(fs.readFileSync(path.join(root, "node_modules", pkg, "package.json"), "utf8")).version;
}

/**
 * Builds one service into `outDir` (default services/<name>/dist, which the emulators load); returns that folder.
 * Hosting services (static sites) are built by their own package's `build` script.
 */
export async function buildService({ dir, manifest }, { root = ROOT, outDir = path.join(dir, "dist") } = {}) {
  if (manifest.kind === "hosting") return outDir;
  const { build } = await import("esbuild");
  const dist = outDir;
  fs.rmSync(dist, { recursive: true, force: true });
  const runtime = manifest.runtimeDependencies ?? [];
  await build({
    entryPoints: [path.join(dir, "src/index.ts")],
    outfile: path.join(dist, "index.js"),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: "linked",
    external: runtime,
    logLevel: "warning",
    legalComments: "none",
    // libs/lookup resolves d3-celestial's data folder only when no path is configured; bundled services pass
    // the path of the copy the manifest's assets put beside index.js.
    logOverride: { "require-resolve-not-external": "silent" },
  });
  for (const asset of manifest.assets ?? []) {
    const from = path.resolve(root, asset.from);
    const to = path.join(dist, asset.to);
    if (!fs.existsSync(from)) {
      if (!asset.optional) throw new Error(`${manifest.name}: asset ${asset.from} is missing`);
      console.warn(`${manifest.name}: ${asset.from} is missing, left out of the bundle: ${asset.optional}`);
      fs.rmSync(to, { force: true });
      continue;
    }
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
  const pkg = {
    name: `panoptes-${manifest.name}`,
    private: true,
    description: `${manifest.name} (bundled by scripts/lib/build-services.mjs; do not edit)`,
    main: "index.js",
    engines: { node: "22" },
    dependencies: Object.fromEntries(runtime.map((d) => [d, installedVersion(d, root)])),
  };
  fs.writeFileSync(path.join(dist, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  if (manifest.kind === "function") await writeFunctionsManifest(dist, root);
  return dist;
}

/**
 * Writes `dist/functions.yaml`: the bundle's function manifest, as the firebase-functions SDK gives it to the
 * Firebase CLI (its own `firebase-functions` binary run on the bundle, as the CLI runs it to discover functions).
 * The CLI reads this file when it is there instead of starting the bundle to ask, so each emulator start saves a
 * Node process per codebase (~1.5-2.5 s each, one after another). JSON is YAML.
 */
export async function writeFunctionsManifest(dist, root = ROOT) {
  const out = path.join(dist, "functions.yaml");
  fs.rmSync(out, { force: true });
  const bin = path.join(root, "node_modules/firebase-functions/lib/bin/firebase-functions.js");
  const child = spawn(process.execPath, [bin], {
    cwd: dist,
    env: { ...process.env, FUNCTIONS_CONTROL_API: "true", FUNCTIONS_MANIFEST_OUTPUT_PATH: out },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  if (code !== 0 || !fs.existsSync(out))
    throw new Error(
      `${dist}: the firebase-functions manifest was not written (exit ${code}): ${stderr.trim()}`,
    );
}

/** The newest modification time (ms) of the files under `dirs` (recursively, skipping node_modules and dist). */
export function newestMtime(dirs) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (!st.isDirectory()) {
      newest = Math.max(newest, st.mtimeMs);
      return;
    }
    for (const name of fs.readdirSync(p))
      if (name !== "node_modules" && name !== "dist") visit(path.join(p, name));
  };
  for (const d of dirs) visit(d);
  return newest;
}

/**
 * Builds every service; with `onlyChanged`, skips a service whose bundle is newer than its sources, every
 * library's sources and the lock file (what esbuild inlines).
 */
export async function buildServices({ log = console.error, root = ROOT, onlyChanged = false } = {}) {
  const services = listServices(root);
  const started = Date.now();
  const libs = fs.existsSync(path.join(root, "libs"))
    ? fs.readdirSync(path.join(root, "libs")).map((l) => path.join(root, "libs", l, "src"))
    : [];
  const shared = onlyChanged ? newestMtime([...libs, path.join(root, "package-lock.json")]) : 0;
  const stale = services.filter((s) => {
    if (s.manifest.kind === "hosting") return false; // built by its own package (buildExplorer)
    const bundle = path.join(s.dir, "dist/index.js");
    if (!onlyChanged || !fs.existsSync(bundle)) return true;
    // bundles of an older build, without the manifest the Firebase CLI reads (writeFunctionsManifest)
    if (s.manifest.kind === "function" && !fs.existsSync(path.join(s.dir, "dist/functions.yaml")))
      return true;
    const sources = Math.max(
      shared,
      newestMtime([path.join(s.dir, "src"), path.join(s.dir, "service.json")]),
    );
    return fs.statSync(bundle).mtimeMs <= sources;
  });
  // all at once: esbuild's one service process works on them in parallel
  await Promise.all(stale.map((s) => buildService(s, { root })));
  const built = stale.length;
  const bundles = services.filter((s) => s.manifest.kind !== "hosting").length;
  if (bundles > 0)
    log(`[build] ${built} of ${bundles} service bundle(s) built in ${Date.now() - started} ms`);
  return services;
}
