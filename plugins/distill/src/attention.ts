// Attention transfer (Zagoruyko & Komodakis): per transfer pair, Q = vec(Σ_c |A_c|^2) per sample, normalised
// Q̂ = Q/‖Q‖₂; L = CE(y, z_S) + β · Σ_pairs mean_elements (Q̂_s − Q̂_t)². When the maps differ in H×W, the larger
// map is average-pooled to the smaller (integer factors only). β = 1000. No trainable variables.
import { crossEntropy, defineLoss, type Scalar, stopGradient, type Tensor, type Tf } from "@pupil/plugin";
import { NORM_FLOOR } from "./factor.js";
import { mapShape, readParams } from "./params.js";

/** The params this loss reads, with defaults and bounds (hosts draw controls from them). */
export const attentionParamRules = { beta: { default: 1000, min: 0 } } as const;

export function attentionParams(params?: Readonly<Record<string, unknown>>) {
  return readParams("attention", params, attentionParamRules);
}

/** Q̂ [batch, H·W] of a map [batch, H, W, C]. */
export function attentionMap(tf: Tf, x: Tensor): Tensor {
  return tf.tidy(() => {
    const q = tf.reshape(tf.sum(tf.square(x), -1), [x.shape[0], -1]);
    return tf.div(q, tf.maximum(tf.norm(q, 2, 1, true), NORM_FLOOR));
  });
}

/** Pools a map to H×W by averaging (integer factors). */
export function poolTo(tf: Tf, x: Tensor, h: number, w: number): Tensor {
  const [, hx, wx] = x.shape;
  if (hx === h && wx === w) return x;
  return tf.avgPool(x as Parameters<Tf["avgPool"]>[0], [hx / h, wx / w], [hx / h, wx / w], "valid");
}

export const attentionTransfer = defineLoss({
  id: "attention",
  title: "Attention transfer",
  doc: "CE + β·Σ mean((Q̂_s − Q̂_t)²), Q = Σ_c A_c², pooled to the smaller H×W. Params: beta (1000).",
  create: ({ tf, params: raw, studentFeatureShapes, teacherFeatureShapes }) => {
    const { beta } = attentionParams(raw);
    if (studentFeatureShapes.length !== teacherFeatureShapes.length || studentFeatureShapes.length === 0)
      throw new Error(
        `studentFeatureShapes: attention transfer pairs student and teacher maps one to one, got ${studentFeatureShapes.length} and ${teacherFeatureShapes.length}`,
      );
    const sizes = studentFeatureShapes.map((s, k) => {
      const [hs, ws] = mapShape(`studentFeatureShapes[${k}]`, s);
      const [ht, wt] = mapShape(`teacherFeatureShapes[${k}]`, teacherFeatureShapes[k]);
      const [h, w] = [Math.min(hs, ht), Math.min(ws, wt)];
      for (const [a, b] of [
        [hs, h],
        [ws, w],
        [ht, h],
        [wt, w],
      ])
        if (a % b !== 0)
          throw new Error(
            `studentFeatureShapes[${k}]: ${hs}×${ws} and ${ht}×${wt} do not pool to ${h}×${w} by integer factors`,
          );
      return [h, w] as const;
    });
    return {
      trainableVariables: [],
      loss: ({ studentLogits, labels, studentFeatures, teacherFeatures }) =>
        tf.tidy(() => {
          const ce = crossEntropy(tf, studentLogits, labels);
          if (beta === 0) return ce;
          const terms = sizes.map(([h, w], k) => {
            const qs = attentionMap(tf, poolTo(tf, studentFeatures[k], h, w));
            const qt = attentionMap(tf, poolTo(tf, stopGradient(tf, teacherFeatures[k]), h, w));
            return tf.mean(tf.square(tf.sub(qs, qt)));
          });
          return tf.add(ce, tf.mul(tf.addN(terms), beta)) as Scalar;
        }),
      dispose: () => {},
    };
  },
});
