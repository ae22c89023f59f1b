/**
 * Python's `repr(float)`, which `json.dumps` writes (specs/python-interop.md §1.2): the
 * shortest digits that read back to the same double (JavaScript finds the same digits),
 * positional when the decimal exponent e of d.ddd×10^e satisfies -4 <= e < 16 and
 * scientific otherwise; positional integral values end in `.0`; the exponent has a sign and
 * at least two digits (`1e-07`, `1e+16`); non-finite values are `NaN`, `Infinity`, `-Infinity`.
 * @module
 */

/** `repr(x)` for a Python float `x`, as `json.dumps` writes it. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest round-trip digits (ECMA-262 Number::toString's digits).
  const [mantissa, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  if (e < -4 || e >= 16) {
    const m = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    const abs = Math.abs(e);
    return `${sign}${m}e${e < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const intLength = e + 1;
  if (digits.length <= intLength) return `${sign}${digits}${'0'.repeat(intLength - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLength)}.${digits.slice(intLength)}`;
}
