import { bufferByteSource, type Header, readHeader } from "@panoptes/fits";
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AstrometryError, INSTALL_HINT } from "./errors";

/** Where solve-field is and which index files it uses. */
export interface SolverInstallation {
  /** The solve-field executable (default "solve-field" on PATH). */
  readonly command: string;
  /** Folder of astrometry.net index files (Debian: /usr/share/astrometry). */
  readonly indexDir: string;
}

/** Debian's layout: `apt-get install astrometry.net astrometry-data-tycho2-10-19`. */
export const DEBIAN_INSTALLATION: SolverInstallation = {
  command: "solve-field",
  indexDir: "/usr/share/astrometry",
};

/** What solve-field is told about the field. Angles in degrees, scales in arcsec per pixel, time in seconds. */
export interface SolveFieldRequest {
  readonly width: number;
  readonly height: number;
  readonly scaleLow: number;
  readonly scaleHigh: number;
  /** Search only within `radius` degrees of (ra, dec), e.g. the mount's pointing. */
  readonly hint?: { readonly ra: number; readonly dec: number; readonly radius: number };
  /** solve-field's --cpulimit, seconds. */
  readonly cpuLimit: number;
  /** Order of the SIP polynomial fitted after the match (solve-field's --tweak-order; 0 or 1: plain TAN). */
  readonly tweakOrder?: number;
}

/** solve-field's answer: the WCS header it wrote and the index that matched, or why it did not solve. */
export type SolveFieldResult =
  | { readonly solved: true; readonly header: Header; readonly index: string; readonly log: string }
  | { readonly solved: false; readonly reason: string; readonly log: string };

/** The solve-field arguments for an xylist (exported so the deploy dry run and the tests can print and check them). */
export function solveFieldArgs(
  xylist: string,
  dir: string,
  config: string,
  request: SolveFieldRequest,
): string[] {
  const args = [
    xylist,
    "--x-column",
    "X",
    "--y-column",
    "Y",
    "--sort-column",
    "FLUX",
    "--width",
    String(request.width),
    "--height",
    String(request.height),
    "--scale-units",
    "arcsecperpix",
    "--scale-low",
    String(request.scaleLow),
    "--scale-high",
    String(request.scaleHigh),
    "--cpulimit",
    String(request.cpuLimit),
    "--no-plots",
    "--overwrite",
    "--no-verify",
    "--crpix-center",
    "--dir",
    dir,
    "--temp-dir",
    dir,
    "--config",
    config,
    "--wcs",
    path.join(dir, "field.wcs"),
    "--new-fits",
    "none",
    "--rdls",
    "none",
    "--corr",
    "none",
    "--index-xyls",
    "none",
  ];
  if (request.tweakOrder !== undefined) {
    args.push(...(request.tweakOrder <= 1 ? ["--no-tweak"] : ["--tweak-order", String(request.tweakOrder)]));
  }
  if (request.hint) {
    args.push(
      "--ra",
      String(request.hint.ra),
      "--dec",
      String(request.hint.dec),
      "--radius",
      String(request.hint.radius),
    );
  }
  return args;
}

/**
 * Run astrometry.net's solve-field on an xylist (FITS table bytes, see writeXylist) in a temporary
 * folder that is removed afterwards, with a config that loads every index file of `installation.indexDir`.
 * Returns the WCS header solve-field wrote (pixel coordinates as in the xylist) and the matching index
 * file, or `solved: false` with the reason. Throws AstrometryError SOLVE_FIELD_MISSING when solve-field
 * is not installed and SOLVE_FIELD_FAILED when it exits with an error.
 */
export async function runSolveField(
  xylist: Uint8Array,
  request: SolveFieldRequest,
  installation: SolverInstallation = DEBIAN_INSTALLATION,
): Promise<SolveFieldResult> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "solve-field-"));
  try {
    const xyPath = path.join(dir, "field.xyls");
    const config = path.join(dir, "astrometry.cfg");
    await fs.writeFile(xyPath, xylist);
    await fs.writeFile(config, `inparallel\nadd_path ${installation.indexDir}\nautoindex\n`);
    const log = await run(
      installation.command,
      solveFieldArgs(xyPath, dir, config, request),
      request.cpuLimit,
    );
    const wcsBytes = await fs.readFile(path.join(dir, "field.wcs")).catch(() => null);
    if (wcsBytes === null) {
      const reason = log.includes("You must list at least one index")
        ? `no index files in ${installation.indexDir} (${INSTALL_HINT})`
        : `no match in the index files within ${request.cpuLimit} s of CPU time (scale ${request.scaleLow}-${request.scaleHigh}″/px${request.hint ? `, within ${request.hint.radius}° of RA ${request.hint.ra.toFixed(3)} Dec ${request.hint.dec.toFixed(3)}` : ""})`;
      return { solved: false, reason, log };
    }
    const { header } = await readHeader(bufferByteSource(new Uint8Array(wcsBytes)));
    const index = /solved with index (\S+?)(\.littleendian)?\.fits/.exec(log)?.[1] ?? "unknown";
    return { solved: true, header, index, log };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cpuLimit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (d: Buffer) => (log += d.toString()));
    child.stderr.on("data", (d: Buffer) => (log += d.toString()));
    // solve-field enforces --cpulimit itself; the wall-clock bound only catches a hung process.
    const timer = setTimeout(() => child.kill("SIGKILL"), (cpuLimit * 3 + 30) * 1000);
    child.on("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        err.code === "ENOENT"
          ? new AstrometryError("SOLVE_FIELD_MISSING", `${command} was not found: ${INSTALL_HINT}`, {
              cause: err,
            })
          : new AstrometryError("SOLVE_FIELD_FAILED", `${command} could not start: ${err.message}`, {
              cause: err,
            }),
      );
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(log);
      else
        reject(
          new AstrometryError(
            "SOLVE_FIELD_FAILED",
            `${command} exited with ${signal ?? `code ${code}`}: ${log.trim().split("\n").slice(-5).join(" | ")}`,
          ),
        );
    });
  });
}
