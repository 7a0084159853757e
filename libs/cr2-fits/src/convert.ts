import {
  type BayerPattern,
  cropMosaic,
  type Cr2Metadata,
  dcrawVisibleArea,
  decodeRaw,
  type Mosaic,
  type RawArea,
  readCr2Metadata,
} from "@panoptes/cr2";
import { type Card, string } from "@panoptes/fits";
import { type Channel, forEachChannelRow, type Interpolation, planeSize } from "./channel-rows";
import { Cr2FitsInputError } from "./errors";
import { allocateFitsImage, finishImage, writeRow } from "./fits-image";
import { type ImageIds, productCards } from "./header";
import type { Product } from "./product-paths";

/** Canon's colour filter layout at the top-left of the full raw frame (CR2CFAPattern "0 1 1 2"). */
const CANON_PATTERN: BayerPattern = "RGGB";

/** A decoded CR2, ready to be written as products. */
export interface Cr2Source {
  metadata: Cr2Metadata;
  /** the visible area of the raw frame (what `dcraw -D` writes), raw values */
  mosaic: Mosaic;
  area: RawArea;
  /** colour filter pattern of the mosaic's top-left cell (RGGB for the crops of all known Canon sizes) */
  pattern: BayerPattern;
}

/** The pattern of a crop starting at (left, top) of a frame whose top-left cell is `pattern`. */
function shiftPattern(pattern: BayerPattern, left: number, top: number): BayerPattern {
  let p = pattern.split("");
  if (left & 1) p = [p[1], p[0], p[3], p[2]] as string[];
  if (top & 1) p = [p[2], p[3], p[0], p[1]] as string[];
  return p.join("") as BayerPattern;
}

/**
 * Reads the metadata and decodes the raw frame of a CR2, then keeps dcraw's visible area (`dcraw -D`, the
 * masked borders cropped; the full frame for raw sizes dcraw does not crop). Throws the `@panoptes/cr2`
 * errors (`Cr2Error` subclasses with a `code`) for a corrupt or truncated file.
 */
export function openCr2(bytes: Uint8Array): Cr2Source {
  const metadata = readCr2Metadata(bytes);
  const raw = decodeRaw(bytes);
  const area = dcrawVisibleArea(raw.width, raw.height);
  const mosaic = cropMosaic(raw, area);
  return { metadata, mosaic, area, pattern: shiftPattern(CANON_PATTERN, area.left, area.top) };
}

export interface ProductOptions {
  /** ids from the object path, written as PANID, INSTRUME, SEQID, IMAGEID; omitted when null */
  ids?: ImageIds | null;
  /** colour plane interpolation, default bilinear */
  interpolation?: Interpolation;
}

const ROW_ORDER: Card = {
  keyword: "ROWORDER",
  value: string("BOTTOM-UP"),
  comment: "FITS row 1 is the sensor's last row",
};

/**
 * One product of a CR2 as a FITS file (bytes):
 * - `bayer`: the visible-area mosaic, uint16 (BITPIX 16, BZERO 32768), raw values, no black subtraction;
 * - `r`, `g`, `b`: one colour plane, float32 (BITPIX -32), `bilinear` (full size) or `half` (half size).
 * Rows are flipped as PANOPTES' cr2_to_fits did: FITS row 1 is the sensor's last row, so a FITS viewer (row 1
 * at the bottom) shows the image upright with the RGGB cell at the upper left. Headers carry `productCards`
 * plus ROWORDER, and for planes BUNIT 'adu', CHANNEL ('R'/'G'/'B') and DEBAYER (the interpolation).
 */
export function productFits(source: Cr2Source, product: Product, options: ProductOptions = {}): Uint8Array {
  const interpolation = options.interpolation ?? "bilinear";
  const common = productCards(source.metadata, options.ids ?? null, source.area, source.pattern);
  const { mosaic } = source;
  if (product === "bayer") {
    const image = allocateFitsImage(mosaic.width, mosaic.height, 16, [...common, ROW_ORDER]);
    for (let y = 0; y < mosaic.height; y++) {
      writeRow(image, mosaic.height - 1 - y, mosaic.data, y * mosaic.width);
    }
    return finishImage(image);
  }
  if (product !== "r" && product !== "g" && product !== "b") {
    throw new Cr2FitsInputError(`product must be one of bayer, r, g, b, received ${String(product)}`);
  }
  const { width, height } = planeSize(mosaic, interpolation);
  const cards: Card[] = [
    ...common,
    ROW_ORDER,
    { keyword: "BUNIT", value: string("adu"), comment: "raw units, black level not subtracted" },
    { keyword: "CHANNEL", value: string(product.toUpperCase()), comment: "colour plane" },
    { keyword: "DEBAYER", value: string(interpolation), comment: "interpolation of the Bayer mosaic" },
  ];
  const image = allocateFitsImage(width, height, -32, cards);
  forEachChannelRow(mosaic, source.pattern, product as Channel, interpolation, (y, row) =>
    writeRow(image, height - 1 - y, row),
  );
  return finishImage(image);
}

/** What cr2ToFits returns: the metadata and the FITS files (bytes). */
export interface Cr2Fits {
  metadata: Cr2Metadata;
  area: RawArea;
  pattern: BayerPattern;
  interpolation: Interpolation;
  /** the Bayer FITS, or null when not asked for */
  bayer: Uint8Array | null;
  r: Uint8Array;
  g: Uint8Array;
  b: Uint8Array;
}

/**
 * Converts a CR2 to its FITS products at once (see productFits). Holds every product in memory: ~36 MB for
 * the Bayer FITS and ~72 MB per bilinear plane of an 18 MP frame; a memory-bound caller uses openCr2 and
 * productFits one product at a time instead.
 */
export function cr2ToFits(bytes: Uint8Array, options: ProductOptions & { bayer?: boolean } = {}): Cr2Fits {
  const source = openCr2(bytes);
  const interpolation = options.interpolation ?? "bilinear";
  return {
    metadata: source.metadata,
    area: source.area,
    pattern: source.pattern,
    interpolation,
    bayer: options.bayer === false ? null : productFits(source, "bayer", options),
    r: productFits(source, "r", options),
    g: productFits(source, "g", options),
    b: productFits(source, "b", options),
  };
}
