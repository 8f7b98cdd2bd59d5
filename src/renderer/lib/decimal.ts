// Numbers typed into text fields. Number() alone also reads hex, binary and octal ('0x10' is 16, '0b11' is 3),
// Infinity and '1e400', so a field meant for dollars or tokens would save an amount nobody typed.

const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/** A plain decimal (sign, digits, point, exponent) as a finite number; null for anything else, empty included. */
export function readDecimal(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}
