import { type Card, float, integer, string, writeImage } from "@panoptes/fits";
import { parseTimestamp } from "@panoptes/models";
import { type ImageSpec, specSequenceId } from "./image-spec";
import { seedFromText } from "./random";
import { starField } from "./star-field";

const card = (keyword: string, value: Card["value"], comment = ""): Card => ({ keyword, value, comment });

/** The header cards a PANOPTES unit writes (POCS conventions), for one image spec. */
export function panoptesCards(spec: ImageSpec): Card[] {
  const image_id = `${spec.unit_id}_${spec.camera_id}_${spec.image_time}`;
  const cards: Card[] = [
    card("OBSERVER", string(spec.unit_id), "PANOPTES Unit ID"),
    card("PANID", string(spec.unit_id), "PANOPTES Unit ID"),
    card("INSTRUME", string(spec.camera_id), "Camera ID"),
    card("SEQID", string(specSequenceId(spec)), "Sequence ID"),
    card("IMAGEID", string(image_id), "Image ID"),
    card("ORIGIN", string("Project PANOPTES")),
    card("CREATOR", string("POCSv0.7.6"), "POCS Software version"),
    card("FIELD", string(spec.field), "Name of target"),
    card("FILTER", string("RGGB")),
    card("ISO", integer(spec.iso), "ISO Speed"),
    card("EXPTIME", float(spec.exptime), "Seconds"),
    card("DATE-OBS", string(parseTimestamp(spec.image_time).toISOString().slice(0, 19))),
    card("LAT-OBS", float(spec.latitude), "Latitude"),
    card("LONG-OBS", float(spec.longitude), "Longitude"),
    card("ELEV-OBS", float(spec.elevation), "Elevation"),
    card("RA-MNT", float(spec.ra), "Degrees"),
    card("DEC-MNT", float(spec.dec), "Degrees"),
    card("HA-MNT", float(1.02), "Degrees"),
    card("AIRMASS", float(spec.airmass), "Sec(z)"),
    card("MOONFRAC", float(spec.moonfrac), "Moon illumination fraction"),
    card("MOONSEP", float(spec.moonsep), "Moon separation (degrees)"),
    card("CAMTEMP", string(`${spec.camtemp} C`), "Camera temperature"),
    card("CIRCCONF", string("0.019 mm"), "Circle of confusion"),
    card("COLORTMP", integer(5413), "Color temperature"),
    card("MEASEV", float(-3.62), "Measured EV"),
    card("MEASEV2", float(-3.625), "Measured EV 2"),
    card("MEASRGGB", string("474 1024 1024 718"), "Measured RGGB"),
    card("REDBAL", float(2.019531), "Red balance"),
    card("BLUEBAL", float(1.484375), "Blue balance"),
    card("WHTLVLN", integer(11765), "White level normal"),
    card("WHTLVLS", integer(12277), "White level specular"),
    card("EQUINOX", float(2000.0)),
  ];
  if (spec.solved) {
    cards.push(
      card("CTYPE1", string("RA---TAN"), "TAN (gnomic) projection"),
      card("CTYPE2", string("DEC--TAN"), "TAN (gnomic) projection"),
      card("CRVAL1", float(spec.ra), "RA  of reference point"),
      card("CRVAL2", float(spec.dec), "DEC of reference point"),
      card("CRPIX1", float(48.5)),
      card("CRPIX2", float(32.5)),
      card("CD1_1", float(-0.00282)),
      card("CD1_2", float(0)),
      card("CD2_1", float(0)),
      card("CD2_2", float(0.00282)),
    );
  }
  return cards;
}

/**
 * A small uint16 image with sky noise and a few stars, and the PANOPTES header of `spec`, as FITS bytes
 * (uncompressed). Deterministic for a given spec.
 */
export function makePanoptesFits(
  spec: ImageSpec,
  size: { width: number; height: number } = { width: 96, height: 64 },
): Uint8Array {
  const { width, height } = size;
  const pixels = starField({
    width,
    height,
    seed: seedFromText(spec.image_time + spec.camera_id),
    sky: () => 2048,
    noiseSigma: 20,
    stars: 6,
    peak: { min: 2000, max: 10000 },
    psf: { sigma: Math.sqrt(1.5), radius: 4 },
    max: 65535,
  });
  return writeImage({ pixels, axes: [width, height], header: panoptesCards(spec) });
}
