/**
 * Card values as FITS 4.0 defines them (section 4.2), kept exact: integers are bigint so that
 * values beyond 2^53 survive a read and a write.
 */
export type CardValue =
  | { readonly type: "logical"; readonly value: boolean }
  | { readonly type: "integer"; readonly value: bigint }
  | { readonly type: "float"; readonly value: number }
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "complex"; readonly re: number; readonly im: number }
  | { readonly type: "undefined" };

/** A value as plain JavaScript: integers as number when safe (|n| ≤ 2^53) else bigint, complex as [re, im], undefined as null. */
export type JsValue = boolean | number | bigint | string | readonly [number, number] | null;

/** Build a logical value. */
export const logical = (value: boolean): CardValue => ({ type: "logical", value });
/** Build an integer value from a number (must be an integer) or bigint. */
export const integer = (value: number | bigint): CardValue => ({ type: "integer", value: BigInt(value) });
/** Build a floating-point value. */
export const float = (value: number): CardValue => ({ type: "float", value });
/** Build a character-string value. */
export const string = (value: string): CardValue => ({ type: "string", value });
/** Build a complex value. */
export const complex = (re: number, im: number): CardValue => ({ type: "complex", re, im });
/** The undefined value (a keyword with an empty value field). */
export const UNDEFINED_VALUE: CardValue = { type: "undefined" };

const TWO_53 = 2n ** 53n;

/** Convert a CardValue to plain JavaScript (see JsValue). */
export function toJsValue(value: CardValue): JsValue {
  switch (value.type) {
    case "integer":
      return value.value <= TWO_53 && value.value >= -TWO_53 ? Number(value.value) : value.value;
    case "complex":
      return [value.re, value.im];
    case "undefined":
      return null;
    default:
      return value.value;
  }
}

/**
 * Convert plain JavaScript to a CardValue: boolean → logical, bigint or integral number → integer,
 * other number → float, string → string, [re, im] → complex, null → undefined. Use `float(2)` to
 * force a float for an integral number.
 */
export function fromJsValue(value: JsValue): CardValue {
  if (value === null) return UNDEFINED_VALUE;
  if (typeof value === "boolean") return logical(value);
  if (typeof value === "bigint") return integer(value);
  if (typeof value === "number") return Number.isInteger(value) ? integer(value) : float(value);
  if (typeof value === "string") return string(value);
  return complex(value[0], value[1]);
}

// Python's str.strip()/rstrip() whitespace for latin-1 text, so values match astropy exactly:
// \t \n \v \f \r, \x1c-\x1f, space, \x85 and \xa0.
function isPyWhitespace(code: number): boolean {
  return (
    code === 32 || (code >= 9 && code <= 13) || (code >= 28 && code <= 31) || code === 0x85 || code === 0xa0
  );
}

/** Python `str.rstrip()` (latin-1 whitespace set). */
export function pyRstrip(text: string): string {
  // trimEnd (native) strips all of Python's latin-1 whitespace except \x1c-\x1f and \x85; finish by hand.
  let out = text.trimEnd();
  let end = out.length;
  while (end > 0 && isPyWhitespace(out.charCodeAt(end - 1))) {
    end--;
    out = out.slice(0, end).trimEnd();
    end = out.length;
  }
  return out;
}

/** Python `str.lstrip()` (latin-1 whitespace set). */
export function pyLstrip(text: string): string {
  let start = 0;
  while (start < text.length && isPyWhitespace(text.charCodeAt(start))) start++;
  return start === 0 ? text : text.slice(start);
}

/** Python `str.strip()` (latin-1 whitespace set). */
export function pyStrip(text: string): string {
  return pyRstrip(pyLstrip(text));
}

/**
 * Python's `_str_to_num`: an integer when the text is one (exact, as bigint), else a float.
 * Input is a FITS number with `D` already turned into `E` and blanks removed.
 */
export function parseNumber(text: string): CardValue {
  if (/^[+-]?\d+$/.test(text)) return integer(BigInt(text));
  return float(Number(text));
}

/**
 * Format a float the way astropy writes it when it must (Python `{:.16G}`, at most 20 characters),
 * but prefer the shortest text that reads back to the same double when that fits in 20 characters,
 * so that a write followed by a read gives the same value.
 */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`FITS cannot store the float ${value}`);
  const shortest = toFitsNumberText(value);
  if (shortest.length <= 20) return shortest;
  return formatFloat16G(value);
}

function toFitsNumberText(value: number): string {
  if (Object.is(value, -0)) return "-0.0";
  let text = String(value).toUpperCase();
  if (text.includes("E")) {
    const [mantissa, exponent] = text.split("E") as [string, string];
    const sign = exponent.startsWith("-") ? "-" : "+";
    const digits = exponent.replace(/^[+-]/, "").padStart(2, "0");
    text = `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${sign}${digits}`;
  } else if (!text.includes(".")) {
    text += ".0";
  }
  return text;
}

/** Python `f"{value:.16G}"` followed by astropy's `_format_float` clean-up (decimal point, 2-digit exponent, 20 chars). */
export function formatFloat16G(value: number): string {
  const [mantissa, expText] = value.toExponential(15).split("e") as [string, string];
  const exp = Number(expText);
  let text: string;
  if (exp >= -4 && exp < 16) {
    text = value.toFixed(Math.max(0, 15 - exp));
    if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  } else {
    const m = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
    text = `${m}E${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (!text.includes(".") && !text.includes("E")) text += ".0";
  if (text.length > 20) {
    const e = text.indexOf("E");
    text = e < 0 ? text.slice(0, 20) : text.slice(0, 20 - (text.length - e)) + text.slice(e);
  }
  return text;
}
