/**
 * Formats `x` with `digits` decimals the way C's printf("%.*f") does (exiftool's sprintf): exact binary value,
 * ties rounded to even. JavaScript's toFixed rounds ties away from zero, so -3.625 would become "-3.63"
 * where exiftool prints "-3.62".
 */
export function printfFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  const neg = x < 0 || Object.is(x, -0);
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 60)); // exact decimal expansion of the double
  const [int, frac = ""] = exact.split(".");
  const keep = frac.slice(0, digits);
  const rest = frac.slice(digits);
  let digitsStr = (int ?? "0") + keep;
  const first = rest.charCodeAt(0) - 48;
  const tail = /[1-9]/.test(rest.slice(1));
  const last = digitsStr.charCodeAt(digitsStr.length - 1) - 48;
  const roundUp = first > 5 || (first === 5 && (tail || last % 2 === 1));
  if (roundUp) {
    const arr = digitsStr.split("").map(Number);
    let i = arr.length - 1;
    while (i >= 0) {
      if ((arr[i] ?? 0) < 9) {
        arr[i] = (arr[i] ?? 0) + 1;
        break;
      }
      arr[i] = 0;
      i--;
    }
    digitsStr = (i < 0 ? "1" : "") + arr.join("");
  }
  const intLen = digitsStr.length - digits;
  const out = digits > 0 ? `${digitsStr.slice(0, intLen)}.${digitsStr.slice(intLen)}` : digitsStr;
  return (neg ? "-" : "") + out; // C prints "-0.00" for a small negative value
}

/** Perl's default number printing (%.15g), which exiftool's JSON output uses for computed values. */
export function perlNumber(x: number): number {
  return Number(x.toPrecision(15));
}
