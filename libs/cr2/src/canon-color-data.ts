/**
 * Canon MakerNote ColorData (tag 0x4001) layouts, as exiftool's Canon.pm documents them: the record is an
 * int16 array whose length (count) selects the layout, and whose element 0 is a version number for the newer
 * layouts. Offsets below are element indices.
 */
export interface ColorDataLayout {
  /** exiftool's table name. */
  name: string;
  /** Version (element 0) for versioned layouts, null for ColorData1/2. */
  version: number | null;
  asShot: number;
  colorTempAsShot: number;
  measured: number | null;
  colorTempMeasured: number | null;
  averageBlackLevel: number | null;
  perChannelBlackLevel: number | null;
  normalWhiteLevel: number | null;
  specularWhiteLevel: number | null;
}

interface LayoutFamily {
  name: string;
  counts: readonly number[];
  versioned: boolean;
  asShot: number;
  colorTempAsShot: number;
  measured: number | null;
  colorTempMeasured: number | null;
  averageBlackLevel: number | null;
  /** version → [perChannelBlackLevel, normalWhiteLevel, specularWhiteLevel] element indices. */
  levels: Readonly<Record<number, readonly [number, number, number]>>;
}

/** Layouts implemented: 350D (ColorData1), 20D/350D-era ColorData2, 1DsMkIII and its family (ColorData4), 100D family (ColorData7). */
export const COLOR_DATA_FAMILIES: readonly LayoutFamily[] = [
  {
    name: "ColorData1",
    counts: [582],
    versioned: false,
    asShot: 0x19,
    colorTempAsShot: 0x1d,
    measured: null,
    colorTempMeasured: null,
    averageBlackLevel: null,
    levels: {},
  },
  {
    name: "ColorData2",
    counts: [653],
    versioned: false,
    asShot: 0x22,
    colorTempAsShot: 0x26,
    measured: null,
    colorTempMeasured: null,
    averageBlackLevel: null,
    levels: {},
  },
  {
    name: "ColorData4",
    counts: [692, 674, 702, 1227, 1250, 1251, 1337, 1338, 1346],
    versioned: true,
    asShot: 0x3f,
    colorTempAsShot: 0x43,
    measured: 0x49,
    colorTempMeasured: 0x4d,
    averageBlackLevel: 0xe7,
    levels: {
      4: [0x2b4, 0x2b8, 0x2b9],
      5: [0x2b4, 0x2b8, 0x2b9],
      6: [0x2cb, 0x2cf, 0x2d0],
      7: [0x2cb, 0x2cf, 0x2d0],
      9: [0x2cf, 0x2d3, 0x2d4],
    },
  },
  {
    name: "ColorData7",
    counts: [1312, 1313, 1316, 1506],
    versioned: true,
    asShot: 0x3f,
    colorTempAsShot: 0x43,
    measured: 0x49,
    colorTempMeasured: 0x4d,
    averageBlackLevel: 0x114,
    levels: { 10: [0x1f8, 0x1fc, 0x1fd] },
  },
];

/** The ColorData version the EOS 100D writes (ColorData7, 1313 elements). */
export const EOS_100D_COLOR_DATA = { count: 1313, version: 10 } as const;

/** Resolves the layout of a ColorData record from its element count and element 0; null when unknown. */
export function colorDataLayout(count: number, firstElement: number): ColorDataLayout | null {
  const family = COLOR_DATA_FAMILIES.find((f) => f.counts.includes(count));
  if (!family) return null;
  const version = family.versioned ? firstElement : null;
  const levels = version === null ? undefined : family.levels[version];
  return {
    name: family.name,
    version,
    asShot: family.asShot,
    colorTempAsShot: family.colorTempAsShot,
    measured: family.measured,
    colorTempMeasured: family.colorTempMeasured,
    averageBlackLevel: family.averageBlackLevel,
    perChannelBlackLevel: levels ? levels[0] : null,
    normalWhiteLevel: levels ? levels[1] : null,
    specularWhiteLevel: levels ? levels[2] : null,
  };
}
