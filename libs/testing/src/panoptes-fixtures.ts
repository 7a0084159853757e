import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { seededRandom } from "@panoptes/demo";
import { type Card, type CardValue, float, integer, string, writeImage } from "@panoptes/fits";
import { REPO_ROOT } from "./emulators";
import { ASTROPY_CARDS_SCRIPT, astropyCards } from "./reference-tools";

/**
 * Generated stand-ins for the real PANOPTES files in ../shared/fixtures/fits, made in each test run so every
 * behaviour those files exercise is tested on a plain clone too: the same kinds of header (a 2016 POCS header
 * with anonymised camera ids, an astrometry.net TAN-SIP solution and ~340 cards; an unsolved one; the 2017
 * files whose keywords are all empty; a file with only structural cards; a float64 postage-stamp cube) and an
 * fpacked twin (Debian's `fpack`, RICE_1, one tile per row, as the units write them). Each file gets a
 * `<file>.astropy.json` from `scripts/reference/astropy-cards.py`, like the shared ones.
 */

/**
 * The values written into the generated solved/unsolved headers, the truth tests recover: those of the real PAN001
 * frame in ../shared/fixtures/fits/solved.fits.fz, so one set of expectations holds for both.
 */
export const GENERATED_TRUTH = {
  unit_id: "PAN001",
  field: "KIC 8462852",
  exptime: 120.4,
  iso: 100,
  camtemp: 13,
  latitude: 19.54,
  longitude: -155.58,
  elevation: 3400,
  ra_mnt: 301.56439,
  dec_mnt: 44.456875,
  ha_mnt: 1.03388073074251,
  airmass: 1.133153126390357,
  moonfrac: 0.4870036614156491,
  moonsep: 75.96986081723983,
  ra_image: 303.206422334,
  dec_image: 46.0173987483,
  sequence_time: "20160909T081152",
  image_time: "20160909T081434",
} as const;

/** Width and height of the generated 2-D images (small, so fpack and astropy stay quick). */
export const GENERATED_SIZE = { width: 160, height: 120 } as const;

const card = (keyword: string, value: CardValue, comment = ""): Card => ({ keyword, value, comment });

/** The camera and mount cards of a POCS 2016 header (camera ids anonymised to XXXXXX, as in the real files). */
function pocsCards(camtemp: number): Card[] {
  const t = GENERATED_TRUTH;
  const anonymous = `${t.unit_id}_XXXXXX_${t.sequence_time}`;
  return [
    card("ISO", integer(t.iso), "ISO Speed"),
    card("EXPTIME", float(t.exptime), "Seconds"),
    card("CAMTEMP", string(`${camtemp} C`), "Camera temperature"),
    card("CIRCCONF", string("0.019 mm"), "Circle of confusion"),
    card("COLORTMP", integer(5413), "Color temperature"),
    card("DATE-OBS", string("2016-09-09T08:14:34"), "Exposure start"),
    card("FILENAME", string(`${t.image_time}.cr2`), "CR2 file name"),
    card("MEASEV", float(-3.62), "Measured EV"),
    card("MEASEV2", float(-3.625), "Measured EV 2"),
    card("MEASRGGB", string("474 1024 1024 718"), "Measured RGGB"),
    card("WHTLVLN", integer(11765), "White level normal"),
    card("WHTLVLS", integer(12277), "White level specular"),
    card("REDBAL", float(2.019531), "Red balance"),
    card("BLUEBAL", float(1.484375), "Blue balance"),
    card("WBRGGB", string(""), "WB RGGB levels"),
    card("IMAGEID", string(anonymous), "Image ID"),
    card("SEQID", string(anonymous), "Sequence ID"),
    card("FIELD", string(t.field), "Name of target"),
    card("RA-MNT", float(t.ra_mnt), "Degrees"),
    card("HA-MNT", float(t.ha_mnt), "Degrees"),
    card("DEC-MNT", float(t.dec_mnt), "Degrees"),
    card("EQUINOX", float(2000.0)),
    card("AIRMASS", float(t.airmass), "Sec(z)"),
    card("FILTER", string("RGGB")),
    card("LAT-OBS", float(t.latitude), "Latitude"),
    card("LONG-OBS", float(t.longitude), "Longitude"),
    card("ELEV-OBS", float(t.elevation), "Elevation"),
    card("MOONSEP", float(t.moonsep), "Moon separation (degrees)"),
    card("MOONFRAC", float(t.moonfrac), "Moon illumination fraction"),
    card("CREATOR", string("POCSv0.1.1"), "POCS Software version"),
    card("INSTRUME", string("XXXXXX"), "Camera ID"),
    card("OBSERVER", string(t.unit_id), "PANOPTES Unit ID"),
    card("ORIGIN", string("Project PANOPTES")),
  ];
}

/** An astrometry.net solution block: TAN-SIP with 3rd-order distortion, its COMMENT and HISTORY lines. */
function solutionCards(ra: number, dec: number, comments: number): Card[] {
  const cards: Card[] = [
    card("COMMENT", string("")),
    card("COMMENT", string("--Start of Astrometry.net WCS solution--")),
    card("COMMENT", string("--Put in by the new-wcs program--")),
    card("WCSAXES", integer(2), "no comment"),
    card("CTYPE1", string("RA---TAN-SIP"), "TAN (gnomic) projection + SIP distortions"),
    card("CTYPE2", string("DEC--TAN-SIP"), "TAN (gnomic) projection + SIP distortions"),
    card("LONPOLE", float(180.0), "no comment"),
    card("LATPOLE", float(0.0), "no comment"),
    card("CRVAL1", float(ra), "RA  of reference point"),
    card("CRVAL2", float(dec), "DEC of reference point"),
    card("CRPIX1", float(80.5), "X reference pixel"),
    card("CRPIX2", float(60.5), "Y reference pixel"),
    card("CUNIT1", string("deg"), "X pixel scale units"),
    card("CUNIT2", string("deg"), "Y pixel scale units"),
    card("CD1_1", float(-0.00282167285483), "Transformation matrix"),
    card("CD1_2", float(1.23529845211e-5), "no comment"),
    card("CD2_1", float(-1.2391035413e-5), "no comment"),
    card("CD2_2", float(-0.00282134066627), "no comment"),
    card("IMAGEW", integer(GENERATED_SIZE.width), "Image width,  in pixels."),
    card("IMAGEH", integer(GENERATED_SIZE.height), "Image height, in pixels."),
  ];
  const random = seededRandom(1904);
  for (const [prefix, order] of [
    ["A", 3],
    ["B", 3],
    ["AP", 3],
    ["BP", 3],
  ] as const) {
    cards.push(card(`${prefix}_ORDER`, integer(order), "Polynomial order, axis 1"));
    for (let i = 0; i <= order; i++)
      for (let j = 0; i + j <= order; j++)
        if (prefix.length === 2 || i + j >= 2)
          cards.push(
            card(`${prefix}_${i}_${j}`, float((random() - 0.5) * 1e-5 * 10 ** -(i + j)), "no comment"),
          );
  }
  cards.push(card("HISTORY", string("Created by the Astrometry.net suite.")));
  cards.push(card("HISTORY", string("For more details, see http://astrometry.net.")));
  for (let i = 0; i < 10; i++) cards.push(card("HISTORY", string(`solve-field step ${i + 1} of 10`)));
  for (let i = 0; i < comments; i++)
    cards.push(card("COMMENT", string(`index ${String(i).padStart(3, "0")}: matched ${i % 17} quads`)));
  cards.push(card("COMMENT", string("--End of Astrometry.net WCS--")));
  return cards;
}

/** Keywords that the 2017 files (rotation.fits, pole.fits) carry with empty values. */
const EMPTY_2017 = [
  "IMAGEID",
  "SEQID",
  "FIELD",
  "RA-MNT",
  "HA-MNT",
  "DEC-MNT",
  "EQUINOX",
  "AIRMASS",
  "LAT-OBS",
  "LONG-OBS",
  "ELEV-OBS",
  "MOONSEP",
  "MOONFRAC",
  "CREATOR",
  "INSTRUME",
  "OBSERVER",
  "ORIGIN",
];

function emptyKeywordCards(exptime: number, camtemp: number): Card[] {
  return [
    card("FILTER", string("")),
    card("ISO", integer(100), "ISO Speed"),
    card("EXPTIME", float(exptime), "Seconds"),
    card("CAMTEMP", string(`${camtemp} C`), "Camera temperature"),
    card("MEASRGGB", string("384 1024 1024 885"), "Measured RGGB"),
    card("DATE-OBS", string("2017-04-10T04:36:15")),
    ...EMPTY_2017.map((k) => card(k, string(""))),
  ];
}

/** A uint16 sky frame with noise and a few stars (deterministic). */
function skyFrame(seed: number): Uint16Array {
  const { width, height } = GENERATED_SIZE;
  const random = seededRandom(seed);
  const pixels = new Uint16Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 2048 + Math.round((random() + random() - 1) * 60);
  for (let s = 0; s < 12; s++) {
    const cx = random() * width;
    const cy = random() * height;
    const flux = 3000 + random() * 40000;
    for (let y = Math.max(0, Math.floor(cy - 5)); y < Math.min(height, cy + 5); y++)
      for (let x = Math.max(0, Math.floor(cx - 5)); x < Math.min(width, cx + 5); x++)
        pixels[y * width + x] = Math.min(
          65535,
          pixels[y * width + x]! + Math.round(flux * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 4)),
        );
  }
  return pixels;
}

/** The names of the generated files (each that of the shared file it stands in for), sorted. */
export const GENERATED_FIXTURE_NAMES = [
  "noheader.fits",
  "pole.fits",
  "psc-cube.fits",
  "rotation.fits",
  "solved.fits",
  "solved.fits.fz",
  "unsolved.fits",
] as const;

/** The generated files, by the name of the shared file each stands in for. */
export interface GeneratedFixtures {
  dir: string;
  /** file names, the .astropy.json references excluded */
  files: string[];
}

/**
 * Writes the generated PANOPTES fixtures and their astropy references into `dir` (made if missing): `solved.fits`
 * (~340 cards, 12 header blocks), its fpacked twin `solved.fits.fz`, `unsolved.fits`, `rotation.fits` (empty
 * keywords), `pole.fits` (empty keywords, a solution at Dec +89), `noheader.fits` (structural cards only) and
 * `psc-cube.fits` (float64 12x16x38). Needs Debian's libcfitsio-bin (fpack) and python3-astropy.
 */
export function writeGeneratedFixtures(dir: string): GeneratedFixtures {
  fs.mkdirSync(dir, { recursive: true });
  const axes = [GENERATED_SIZE.width, GENERATED_SIZE.height];
  const t = GENERATED_TRUTH;
  const images: Record<string, Uint8Array> = {
    "solved.fits": writeImage({
      pixels: skyFrame(1),
      axes,
      header: [...pocsCards(t.camtemp), ...solutionCards(t.ra_image, t.dec_image, 230)],
    }),
    "unsolved.fits": writeImage({ pixels: skyFrame(2), axes, header: pocsCards(11) }),
    "rotation.fits": writeImage({ pixels: skyFrame(3), axes, header: emptyKeywordCards(25.2, 43) }),
    "pole.fits": writeImage({
      pixels: skyFrame(4),
      axes,
      header: [
        ...emptyKeywordCards(30.1, 44),
        card("COMMENT", string('Original key: "EQUINOX"')),
        card("_QUINOX", string("")),
        ...solutionCards(38.5347431936, 89.0745311824, 100),
      ],
    }),
    "noheader.fits": writeImage({ pixels: skyFrame(5), axes }),
    "psc-cube.fits": writeImage({
      pixels: Float64Array.from({ length: 12 * 16 * 38 }, (_, i) => 1000 + Math.sin(i / 7) * 250.125),
      axes: [12, 16, 38],
      header: [
        card("PICID", string("PIC_J18365633+3847012")),
        card("RA", float(279.2347398560641)),
        card("DEC", float(38.78369481779004)),
        card("EQUINOX", string("J2000.000")),
        ...Array.from({ length: 38 }, (_, i) => [
          card(
            `TIME${String(i).padStart(4, "0")}`,
            string(`2016-07-24T05:${String(5 + i).padStart(2, "0")}:20.123966`),
          ),
          card(`EXPT${String(i).padStart(4, "0")}`, float(100.0)),
        ]).flat(),
      ],
    }),
  };
  for (const [name, bytes] of Object.entries(images)) fs.writeFileSync(path.join(dir, name), bytes);
  // RICE_1 with one tile per row, the units' fpack settings (the real solved.fits.fz: ZTILE1 700, ZTILE2 1).
  const packed = path.join(dir, "solved.fits.fz");
  fs.rmSync(packed, { force: true });
  execFileSync("fpack", ["-r", "-O", packed, path.join(dir, "solved.fits")]);
  const files = [...Object.keys(images), "solved.fits.fz"].sort();
  for (const name of files) {
    const file = path.join(dir, name);
    fs.writeFileSync(`${file}.astropy.json`, astropyCards(file));
  }
  return { dir, files };
}

/** The source files of a library the generated files depend on (its writer, its header formatting). */
function sourcesOf(lib: "fits" | "demo"): string[] {
  const dir = path.join(REPO_ROOT, "libs", lib, "src");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * The generated fixtures of this generator, reference script, libs/fits and libs/demo, made once per machine in the system's
 * temporary folder (keyed by a hash of those sources, written to a fresh folder and renamed into place, so test
 * files running in parallel never see half a set).
 */
export function generatedFixtures(): GeneratedFixtures {
  const hash = createHash("sha256");
  for (const file of [__filename, ASTROPY_CARDS_SCRIPT, ...sourcesOf("fits"), ...sourcesOf("demo")])
    hash.update(fs.readFileSync(file));
  const dir = path.join(os.tmpdir(), `panoptes-generated-fixtures-${hash.digest("hex").slice(0, 16)}`);
  const done = path.join(dir, "complete.json");
  if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, "utf8")) as GeneratedFixtures;
  const work = fs.mkdtempSync(`${dir}.tmp-`);
  const made = writeGeneratedFixtures(work);
  const result = { dir, files: made.files };
  fs.writeFileSync(path.join(work, "complete.json"), JSON.stringify(result));
  try {
    fs.renameSync(work, dir);
  } catch {
    fs.rmSync(work, { recursive: true, force: true }); // another test file made it first
  }
  if (!fs.existsSync(done)) throw new Error(`generated fixtures missing after writing them: ${dir}`);
  return result;
}
