/**
 * Long and Decimal128 ("wide" numbers): mingo compares them by their strings and does no arithmetic
 * on them, so the server compares them itself, exactly, against each other and against doubles.
 */

interface LongLike {
  _bsontype: 'Long';
  toString(): string;
}
interface DecimalLike {
  _bsontype: 'Decimal128';
  toString(): string;
}

/** An exact value: n / d with d > 0, or one of the non-finite values. */
type Exact = { kind: 'nan' } | { kind: 'inf'; sign: 1 | -1 } | { kind: 'finite'; n: bigint; d: bigint };

/** True for a BSON Long or Decimal128. */
export function isWideNumber(v: unknown): v is LongLike | DecimalLike {
  if (v === null || typeof v !== 'object') return false;
  const t = (v as { _bsontype?: unknown })._bsontype;
  return t === 'Long' || t === 'Decimal128';
}

/** True for a JS number, a bigint, a Long, a Decimal128, or an Int32/Double wrapper. */
export function isNumeric(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  if (v === null || typeof v !== 'object') return false;
  const t = (v as { _bsontype?: unknown })._bsontype;
  return t === 'Long' || t === 'Decimal128' || t === 'Int32' || t === 'Double';
}

/** The wide number's type name as MongoDB spells it in $type ('long', 'decimal'). */
export function wideTypeName(v: LongLike | DecimalLike): string {
  return v._bsontype === 'Long' ? 'long' : 'decimal';
}

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A decimal string as sign, integer coefficient and power of ten; null for NaN/Infinity. */
function parseDecimal(s: string): { negative: boolean; coef: bigint; exp: number } | null {
  const m = DECIMAL_RE.exec(s);
  if (!m) return null;
  const frac = m[3] ?? '';
  return { negative: m[1] === '-', coef: BigInt(m[2] + frac), exp: Number(m[4] ?? 0) - frac.length };
}

function doubleExact(x: number): Exact {
  if (Number.isNaN(x)) return { kind: 'nan' };
  if (!Number.isFinite(x)) return { kind: 'inf', sign: x > 0 ? 1 : -1 };
  if (Number.isInteger(x)) return { kind: 'finite', n: BigInt(x), d: 1n };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const shift = BigInt(1075 - (biased === 0 ? 1 : biased));
  const sign = bits >> 63n ? -1n : 1n;
  return { kind: 'finite', n: sign * mantissa, d: 1n << shift };
}

function decimalExact(s: string): Exact {
  if (/nan/i.test(s)) return { kind: 'nan' };
  if (/inf/i.test(s)) return { kind: 'inf', sign: s.startsWith('-') ? -1 : 1 };
  const p = parseDecimal(s);
  if (!p) return { kind: 'nan' };
  const signed = p.negative ? -p.coef : p.coef;
  return p.exp >= 0 ? { kind: 'finite', n: signed * 10n ** BigInt(p.exp), d: 1n } : { kind: 'finite', n: signed, d: 10n ** BigInt(-p.exp) };
}

function exact(v: unknown): Exact {
  if (typeof v === 'number') return doubleExact(v);
  if (typeof v === 'bigint') return { kind: 'finite', n: v, d: 1n };
  const t = (v as { _bsontype?: string })._bsontype;
  if (t === 'Long') return { kind: 'finite', n: BigInt(String(v)), d: 1n };
  if (t === 'Decimal128') return decimalExact(String(v));
  return doubleExact(Number((v as { valueOf(): unknown }).valueOf()));
}

function order(e: Exact): number {
  if (e.kind === 'nan') return 0;
  if (e.kind === 'inf') return e.sign === -1 ? 1 : 3;
  return 2;
}

/**
 * Compares two numbers of any BSON numeric type by their exact values, in MongoDB's order: NaN
 * first (equal to itself), then -Infinity, the finite values, +Infinity.
 */
export function compareNumbers(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number' && !Number.isNaN(a) && !Number.isNaN(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = exact(a);
  const y = exact(b);
  const ox = order(x);
  const oy = order(y);
  if (ox !== oy || x.kind !== 'finite' || y.kind !== 'finite') return Math.sign(ox - oy);
  const l = x.n * y.d;
  const r = y.n * x.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * The canonical index key of a number: equal for numerically equal values of any type (1, 1.0,
 * Long(1), Decimal128('1.00')) and different otherwise. Integers are written in full; other
 * doubles as JS prints them; a Decimal128 that no double equals gets its normalised digits under
 * its own prefix, so Decimal128('0.1') and the double 0.1 (which differ in MongoDB) do not collide.
 */
export function numberKey(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return 'n' + (Math.abs(v) < 1e21 ? String(v === 0 ? 0 : v) : BigInt(v).toString());
    return 'n' + String(v);
  }
  const e = exact(v);
  if (e.kind === 'nan') return 'nNaN';
  if (e.kind === 'inf') return e.sign > 0 ? 'nInfinity' : 'n-Infinity';
  if (e.n % e.d === 0n) return 'n' + (e.n / e.d).toString();
  const asDouble = Number(String(v));
  if (compareNumbers(asDouble, v) === 0) return 'n' + String(asDouble);
  return 'N' + normalizedDecimal(String(v));
}

/** A decimal string without trailing zeros or exponent noise: '1.50', '15E-1' and '1.5' give '15E-1'. */
function normalizedDecimal(s: string): string {
  const p = parseDecimal(s);
  if (!p) return s;
  let { coef, exp } = p;
  while (coef !== 0n && coef % 10n === 0n) {
    coef /= 10n;
    exp++;
  }
  return `${p.negative && coef !== 0n ? '-' : ''}${coef}E${exp}`;
}

/** The first Long or Decimal128 inside a value: its dotted path ('' for the value itself) and type; or null. */
export function findWide(value: unknown, path = ''): { path: string; type: 'Long' | 'Decimal128' } | null {
  if (isWideNumber(value)) return { path, type: value._bsontype };
  if (value === null || typeof value !== 'object' || value instanceof Date) return null;
  const isArray = Array.isArray(value);
  if (!isArray && Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return null;
  for (const [k, v] of Object.entries(value)) {
    const found = findWide(v, path ? `${path}.${k}` : k);
    if (found !== null) return found;
  }
  return null;
}
