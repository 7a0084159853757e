/**
 * Lossless JPEG prediction (ITU-T T.81 table H.1) from the left (ra), above (rb) and above-left (rc) samples,
 * in the integer arithmetic dcraw uses (arithmetic shift of a possibly negative difference).
 * `psv` is the predictor selection value 1..7; any other value predicts 0.
 */
export function predict(psv: number, ra: number, rb: number, rc: number): number {
  switch (psv) {
    case 1:
      return ra;
    case 2:
      return rb;
    case 3:
      return rc;
    case 4:
      return ra + rb - rc;
    case 5:
      return ra + ((rb - rc) >> 1);
    case 6:
      return rb + ((ra - rc) >> 1);
    case 7:
      return (ra + rb) >> 1;
    default:
      return 0;
  }
}
