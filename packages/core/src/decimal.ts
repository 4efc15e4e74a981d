import { PostDataError } from "./errors.js";

/**
 * Writes a finite number in plain decimal notation, never in exponent form: `1e-7` becomes
 * `"0.0000001"`, `1e21` becomes `"1000000000000000000000"`, `-0` becomes `"0"`.
 *
 * The digits are those of `String(value)` (the shortest string that reads back as the same number), so
 * `0.1` stays `"0.1"`; only the position of the decimal point changes. Kraken parses prices and sizes as
 * decimals, and exponent form is refused by some of its endpoints.
 *
 * @throws {PostDataError} for `NaN` and infinities, which have no decimal form.
 */
export function formatDecimal(value: number): string {
  if (!Number.isFinite(value)) {
    throw new PostDataError(`${String(value)} has no decimal form and cannot be sent to Kraken`);
  }
  const text = String(value); // "-0" never appears: String(-0) is "0".
  const e = text.indexOf("e");
  if (e === -1) return text;
  const sign = text.startsWith("-") ? "-" : "";
  const mantissa = text.slice(sign.length, e);
  const exponent = Number(text.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const digits = dot === -1 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // Where the decimal point lands, counted in digits from the left of `digits`.
  const point = (dot === -1 ? mantissa.length : dot) + exponent;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
