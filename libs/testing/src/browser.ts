import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { REPO_ROOT } from "./emulators";

/** Debian's Chromium (`apt-get install chromium`), which the end-to-end tests and the benchmark drive. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * playwright-core, loaded on first use rather than at import: it takes ~2 s to load, and most tests that use
 * this library never start a browser. (A dynamic import() is not available in jest's CommonJS sandbox.)
 */
function loadPlaywright(): typeof import("playwright-core") {
  return createRequire(__filename)("playwright-core") as typeof import("playwright-core");
}

/**
 * The Hosting emulator's base URL: HOSTING_EMULATOR_HOST when set, otherwise asked from the emulator hub
 * (`firebase emulators:exec` sets FIREBASE_EMULATOR_HUB but no variable for Hosting or Functions).
 */
export async function hostingBaseUrl(env: Record<string, string | undefined> = process.env): Promise<string> {
  if (env.HOSTING_EMULATOR_HOST) return `http://${env.HOSTING_EMULATOR_HOST.replace(/^https?:\/\//, "")}`;
  if (!env.FIREBASE_EMULATOR_HUB) {
    throw new Error(
      "the Hosting emulator is not running: run through `node scripts/emulators.mjs exec '<cmd>'`",
    );
  }
  const res = await fetch(`http://${env.FIREBASE_EMULATOR_HUB}/emulators`);
  const hosting = ((await res.json()) as Record<string, { host: string; port: number } | undefined>).hosting;
  if (!hosting) throw new Error("the emulator hub lists no Hosting emulator: is `hosting` in firebase.json?");
  return `http://${hosting.host}:${hosting.port}`;
}

/**
 * Launches headless Chromium with a fresh user-data-dir (removed by `close`); fails naming the Debian package.
 * `allowPorts` lifts Chromium's block of "unsafe" ports (6000, the Hosting emulator's port at offset 1000).
 */
export async function launchChromium(
  viewport = { width: 1280, height: 900 },
  allowPorts: number[] = [],
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`);
  }
  const { chromium } = loadPlaywright();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "explorer-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: allowPorts.length > 0 ? [...ARGS, `--explicitly-allowed-ports=${allowPorts.join(",")}`] : ARGS,
    viewport,
    acceptDownloads: true,
    timezoneId: "America/Los_Angeles",
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The Data Explorer web app (services/explorer), which buildExplorer builds. */
const APP_DIR = path.join(REPO_ROOT, "services/explorer");

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds the web app into dist/ (which the Hosting emulator serves from disk) unless dist is newer than every
 * source. Test files run in parallel workers, so the build holds a lock folder: a second caller waits for the
 * first build and then finds dist fresh.
 */
export async function buildExplorer(): Promise<void> {
  const lock = path.join(APP_DIR, ".build-lock");
  const index = path.join(APP_DIR, "dist/index.html");
  for (const started = Date.now(); ;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - started > 180_000) throw new Error(`${lock} held for 3 minutes: remove it if stale`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    const sources = Math.max(
      newestSource(path.join(APP_DIR, "app")),
      newestSource(path.join(REPO_ROOT, "libs/sky/src")),
      newestSource(path.join(REPO_ROOT, "libs/models/src")),
      fs.statSync(path.join(APP_DIR, "index.html")).mtimeMs,
    );
    if (fs.existsSync(index) && fs.statSync(index).mtimeMs > sources) return;
    execFileSync("npx", ["vite", "build", "--logLevel", "error"], { cwd: APP_DIR, stdio: "inherit" });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Clicks the element with `testId` on `page` and returns the download it starts: its suggested name and text. */
export async function downloadText(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  return { name: download.suggestedFilename(), text: fs.readFileSync((await download.path())!, "utf8") };
}
