/**
 * Compares two object generations, decimal strings (they exceed 2^53): negative when `a` is older than `b`,
 * zero when they are the same, positive when `a` is newer.
 */
export function generationOrder(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
