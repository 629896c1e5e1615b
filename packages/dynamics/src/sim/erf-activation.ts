// The erf committee's activations g(z) = erf(z/√2) and g'(z) = √(2/π) e^{-z²/2}, evaluated by the step kernels
// themselves when the spec's activation declares (and is confirmed as) the erf family: the wasm kernel on two
// lanes without branches (erf_act in asm/sgd-kernel.wat), the plain-JS kernel with the scalar code below. Both
// are W. J. Cody's erf of @pupil/tensors with fdlibm's exp (fdlibmExp) in place of the engine's Math.exp, so
// the two kernels agree bit for bit; against the plugin's own f and df they differ by at most an ulp or two.

import { fdlibmExp } from "@pupil/tensors";

const A0 = 3.1611237438705655;
const A1 = 113.86415415105016;
const A2 = 377.485237685302;
const A3 = 3209.3775891384694;
const A4 = 0.18577770618460315;
const B0 = 23.601290952344122;
const B1 = 244.02463793444417;
const B2 = 1282.6165260773723;
const B3 = 2844.236833439171;

const C0 = 0.5641884969886701;
const C1 = 8.883149794388377;
const C2 = 66.11919063714163;
const C3 = 298.6351381974001;
const C4 = 881.952221241769;
const C5 = 1712.0476126340707;
const C6 = 2051.0783778260716;
const C7 = 1230.3393547979972;
const C8 = 2.1531153547440383e-8;
const D0 = 15.744926110709835;
const D1 = 117.6939508913125;
const D2 = 537.1811018620099;
const D3 = 1621.3895745666903;
const D4 = 3290.7992357334597;
const D5 = 4362.619090143247;
const D6 = 3439.3676741437216;
const D7 = 1230.3393548037495;

const P0 = 0.30532663496123236;
const P1 = 0.36034489994980445;
const P2 = 0.12578172611122926;
const P3 = 0.016083785148742275;
const P4 = 0.0006587491615298378;
const P5 = 0.016315387137302097;
const Q0 = 2.568520192289822;
const Q1 = 1.8729528499234673;
const Q2 = 0.5279051029514285;
const Q3 = 0.06051834131244132;
const Q4 = 0.0023352049762686918;

const INV_SQRT_PI = 0.5641895835477563;
const SQRT_2_OVER_PI = 0.7978845608028654;

/** erf x to about an ulp: Cody's three regions (|x| ≤ 0.46875, ≤ 4, < 6; ±1 beyond) with fdlibm's exp. */
export function erfFdlibm(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) {
    const yy = x * x;
    const num = (((A4 * yy + A0) * yy + A1) * yy + A2) * yy + A3;
    const den = (((yy + B0) * yy + B1) * yy + B2) * yy + B3;
    return x * (num / den);
  }
  if (y >= 6) return x > 0 ? 1 : x < 0 ? -1 : x;
  const e = fdlibmExp(-(y * y));
  let tail: number;
  if (y <= 4) {
    const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7;
    const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7;
    tail = e * (num / den);
  } else {
    const z = 1 / (y * y);
    const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
    const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
    tail = (e * (INV_SQRT_PI - (z * num) / den)) / y;
  }
  const value = 0.5 - tail + 0.5;
  return x < 0 ? -value : value;
}

/** g(z) = erf(z/√2). */
export function erfGain(z: number): number {
  return erfFdlibm(z * Math.SQRT1_2);
}

/** g'(z) = √(2/π) e^{-z²/2}. */
export function erfSlope(z: number): number {
  return SQRT_2_OVER_PI * fdlibmExp(-0.5 * z * z);
}
