import { JD_J2000 } from "./time-scales";

/**
 * Heliocentric positions of the planets from "Keplerian Elements for Approximate Positions of the Major Planets"
 * (E. M. Standish, JPL), Table 1 (valid 1800-2050): a (au), e, I, L, ϖ, Ω (deg) at J2000 and their rates per
 * Julian century, mean ecliptic and equinox of J2000. The Earth-Moon barycentre is good to ~20″ (≈ 0.05 s of
 * light time), the giant planets far better than their effect on the Sun's barycentric offset needs.
 */
const ELEMENTS = {
  mercury: [
    [0.38709927, 0.20563593, 7.00497902, 252.2503235, 77.45779628, 48.33076593],
    [0.00000037, 0.00001906, -0.00594749, 149472.67411175, 0.16047689, -0.12534081],
  ],
  venus: [
    [0.72333566, 0.00677672, 3.39467605, 181.9790995, 131.60246718, 76.67984255],
    [0.0000039, -0.00004107, -0.0007889, 58517.81538729, 0.00268329, -0.27769418],
  ],
  emb: [
    [1.00000261, 0.01671123, -0.00001531, 100.46457166, 102.93768193, 0.0],
    [0.00000562, -0.00004392, -0.01294668, 35999.37244981, 0.32327364, 0.0],
  ],
  mars: [
    [1.52371034, 0.0933941, 1.84969142, -4.55343205, -23.94362959, 49.55953891],
    [0.00001847, 0.00007882, -0.00813131, 19140.30268499, 0.44441088, -0.29257343],
  ],
  jupiter: [
    [5.202887, 0.04838624, 1.30439695, 34.39644051, 14.72847983, 100.47390909],
    [-0.00011607, -0.00013253, -0.00183714, 3034.74612775, 0.21252668, 0.20469106],
  ],
  saturn: [
    [9.53667594, 0.05386179, 2.48599187, 49.95424423, 92.59887831, 113.66242448],
    [-0.0012506, -0.00050991, 0.00193609, 1222.49362201, -0.41897216, -0.28867794],
  ],
  uranus: [
    [19.18916464, 0.04725744, 0.77263783, 313.23810451, 170.9542763, 74.01692503],
    [-0.00196176, -0.00004397, -0.00242939, 428.48202785, 0.40805281, 0.04240589],
  ],
  neptune: [
    [30.06992276, 0.00859048, 1.77004347, -55.12002969, 44.96476227, 131.78422574],
    [0.00026291, 0.00005105, 0.00035372, 218.45945325, -0.32241464, -0.00508664],
  ],
} as const;

type Body = keyof typeof ELEMENTS;

/** Sun's mass over each body's mass (IAU 2009 / DE405 values; the Earth-Moon system for `emb`). */
const SUN_MASS_RATIO: Record<Body, number> = {
  mercury: 6023600,
  venus: 408523.71,
  emb: 328900.56,
  mars: 3098708,
  jupiter: 1047.3486,
  saturn: 3497.898,
  uranus: 22902.98,
  neptune: 19412.24,
};

/** Mean obliquity of the ecliptic at J2000 (IAU 2006), radians. */
const OBLIQUITY_J2000 = (84381.406 / 3600) * (Math.PI / 180);

export type Vector3 = [number, number, number];

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Heliocentric ecliptic (J2000) position of a body in au at a TDB Julian date. */
function heliocentricEcliptic(body: Body, jdTdb: number): Vector3 {
  const t = (jdTdb - JD_J2000) / 36525;
  const [base, rate] = ELEMENTS[body];
  const [a, e, incl, meanLon, periLon, node] = base.map((v, k) => v + rate[k]! * t) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const omega = rad(periLon - node);
  const m = rad((((meanLon - periLon) % 360) + 540) % 360) - Math.PI;
  let ecc = m + e * Math.sin(m);
  for (let k = 0; k < 20; k++) {
    const step = (ecc - e * Math.sin(ecc) - m) / (1 - e * Math.cos(ecc));
    ecc -= step;
    if (Math.abs(step) < 1e-13) break;
  }
  const xp = a * (Math.cos(ecc) - e);
  const yp = a * Math.sqrt(1 - e * e) * Math.sin(ecc);
  const [cw, sw, cn, sn, ci, si] = [
    Math.cos(omega),
    Math.sin(omega),
    Math.cos(rad(node)),
    Math.sin(rad(node)),
    Math.cos(rad(incl)),
    Math.sin(rad(incl)),
  ];
  return [
    (cw * cn - sw * sn * ci) * xp + (-sw * cn - cw * sn * ci) * yp,
    (cw * sn + sw * cn * ci) * xp + (-sw * sn + cw * cn * ci) * yp,
    sw * si * xp + cw * si * yp,
  ];
}

/** Ecliptic J2000 → equatorial J2000 (≈ ICRS to the accuracy here). */
function eclipticToEquatorial([x, y, z]: Vector3): Vector3 {
  const c = Math.cos(OBLIQUITY_J2000);
  const s = Math.sin(OBLIQUITY_J2000);
  return [x, c * y - s * z, s * y + c * z];
}

/**
 * Barycentric equatorial (J2000) position of the Earth-Moon barycentre in au at a TDB Julian date: its
 * heliocentric position plus the Sun's offset from the solar-system barycentre (which the planets' masses set).
 * The Earth lies within 4,700 km (0.016 light-seconds) of this point.
 */
export function earthBarycentric(jdTdb: number): Vector3 {
  const sun: Vector3 = [0, 0, 0];
  let totalMu = 0;
  for (const body of Object.keys(ELEMENTS) as Body[]) {
    const mu = 1 / SUN_MASS_RATIO[body];
    const p = heliocentricEcliptic(body, jdTdb);
    for (let k = 0; k < 3; k++) sun[k] = sun[k]! - mu * p[k]!;
    totalMu += mu;
  }
  const emb = heliocentricEcliptic("emb", jdTdb);
  return eclipticToEquatorial([0, 1, 2].map((k) => emb[k]! + sun[k]! / (1 + totalMu)) as Vector3);
}
