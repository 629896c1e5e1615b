// A high-precision reference for erf/erfc, independent of special.ts: the Maclaurin series
// erf x = (2/√π) Σ_n (−1)ⁿ x^{2n+1} / (n!(2n+1)) summed in BigInt fixed point, with x taken exactly (a double is
// m·2^-k) and π from Machin's formula. Enough fraction bits are kept that the cancellation of the alternating
// series (terms up to e^{x²}) still leaves ~100 good bits of erfc = 1 − erf, so it serves the far tail as well.

function piFixed(bits: bigint): bigint {
  const one = 1n << bits;
  const atanInv = (q: bigint) => {
    let sum = 0n;
    let power = one / q; // 1/q^{2k+1}
    const q2 = q * q;
    for (let k = 0n; power !== 0n; k++) {
      sum += (k % 2n === 0n ? 1n : -1n) * (power / (2n * k + 1n));
      power /= q2;
    }
    return sum;
  };
  return 16n * atanInv(5n) - 4n * atanInv(239n);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** v·2^-bits as the nearest double (v > 0). */
function toDouble(v: bigint, bits: bigint): number {
  if (v === 0n) return 0;
  const length = BigInt(v.toString(2).length);
  const shift = length - 64n;
  const top = shift > 0n ? v >> shift : v << -shift;
  const e = Number(shift - bits);
  return Number(top) * 2 ** Math.trunc(e / 2) * 2 ** (e - Math.trunc(e / 2));
}

/** erf(x) and erfc(x) for x ≥ 0 to ≥ 100 significant bits, as doubles. */
export function erfReference(x: number): { erf: number; erfc: number } {
  if (!(x >= 0)) throw new Error("erfReference: x ≥ 0");
  if (x === 0) return { erf: 0, erfc: 1 };
  let m = x;
  let k = 0n;
  while (!Number.isInteger(m)) {
    m *= 2;
    k += 1n;
  }
  const M = BigInt(m);
  // fraction bits: the largest term is ~e^{x²}, the wanted erfc ~e^{-x²}, a tiny erf ~x; 160 bits beyond all
  const G = BigInt(Math.ceil(2 * x * x * Math.LOG2E) + Math.max(0, Math.ceil(-Math.log2(x)))) + 160n;
  let term = (M << G) >> k; // x·2^G
  let sum = term;
  const x2 = M * M;
  const shift2 = 2n * k;
  for (let n = 1n; term !== 0n; n++) {
    term = ((term * x2) >> shift2) / n;
    const piece = term / (2n * n + 1n);
    sum += n % 2n === 0n ? piece : -piece;
  }
  const invSqrtPi = isqrt((1n << (3n * G)) / piFixed(G)); // 2^G/√π
  const erfFixed = (2n * sum * invSqrtPi) >> G;
  const erfcFixed = (1n << G) - erfFixed;
  return { erf: toDouble(erfFixed, G), erfc: toDouble(erfcFixed, G) };
}
