import { type Cr2Metadata, headerKeywordsFromMetadata, type RawArea } from "@panoptes/cr2";
import { type Card, float, integer, string } from "@panoptes/fits";

/** The PANOPTES ids of an image, from its object path (`UNIT/CAM/SEQTIME/IMGTIME.cr2`). */
export interface ImageIds {
  unit_id: string;
  camera_id: string;
  sequence_id: string;
  image_id: string;
}

// CR2 cards whose numeric value is a real number in the units' headers (the others are integers).
const FLOAT_KEYWORDS = new Set(["EXPTIME", "MEASEV", "MEASEV2", "REDBAL", "BLUEBAL"]);

const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/**
 * The header cards shared by every product of one CR2, in this order: PANID, INSTRUME, SEQID, IMAGEID (when
 * `ids` is given), the 16 CR2 cards of `headerKeywordsFromMetadata` (ISO ... DATE-OBS; EXPTIME, MEASEV,
 * MEASEV2, REDBAL, BLUEBAL as floats, other numbers as integers, missing values ''), BLACKLVL (mean black level
 * in ADU, from AverageBlackLevel else PerChannelBlackLevel; '' when unknown), BLKRGGB (per-channel black levels),
 * FILTER (the colour filter pattern read from the top-left of the sensor), RAWAREA (the visible-area crop of
 * the raw frame: 'left top width height').
 */
export function productCards(
  meta: Cr2Metadata,
  ids: ImageIds | null,
  area: RawArea,
  pattern: string,
): Card[] {
  const cards: Card[] = [];
  if (ids) {
    cards.push(
      { keyword: "PANID", value: string(ids.unit_id), comment: "PANOPTES unit id" },
      { keyword: "INSTRUME", value: string(ids.camera_id), comment: "camera id" },
      { keyword: "SEQID", value: string(ids.sequence_id), comment: "sequence id" },
      { keyword: "IMAGEID", value: string(ids.image_id), comment: "image id" },
    );
  }
  for (const k of headerKeywordsFromMetadata(meta)) {
    const value =
      typeof k.value === "string"
        ? string(k.value)
        : FLOAT_KEYWORDS.has(k.keyword) || !Number.isInteger(k.value)
          ? float(k.value)
          : integer(k.value);
    cards.push({ keyword: k.keyword, value, comment: k.comment });
  }
  const perChannel = meta.perChannelBlackLevel ?? meta.averageBlackLevel;
  const average = meta.averageBlackLevel ?? meta.perChannelBlackLevel;
  cards.push(
    {
      keyword: "BLACKLVL",
      value: average ? float(mean(average)) : string(""),
      comment: "ADU, not subtracted - From CR2",
    },
    {
      keyword: "BLKRGGB",
      value: string(perChannel ? perChannel.join(" ") : ""),
      comment: "per-channel black levels - From CR2",
    },
    { keyword: "FILTER", value: string(pattern), comment: "colour filter array, sensor top-left first" },
    {
      keyword: "RAWAREA",
      value: string(`${area.left} ${area.top} ${area.width} ${area.height}`),
      comment: "visible area of the raw frame: left top w h",
    },
  );
  return cards;
}
