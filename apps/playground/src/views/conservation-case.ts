// Which case of docs/math.md §2 a quadratic run is in, from its initial overlaps and second layers: Π(M) is
// conserved exactly by the ODE (η² term included) only when T ∝ I and Q0 commutes with M0M0ᵀ (e.g. Q0 = qI),
// with fixed second layers equal within each layer; otherwise its drift is the dynamics, not integrator
// error. The gradient-flow invariant X is conserved by gradient flow only: the playground's ODE keeps the
// SGD η² term, so X drifts even when every condition holds.
import type { Snapshot } from "@pupil/plugin";

/** Relative size under which a commutator or an anisotropy counts as zero (overlaps are set to ~1e-16). */
export const CONSERVATION_TOL = 1e-9;

export interface SecondLayers {
  /** The common student weight a, or undefined when the weights differ. */
  a?: number;
  /** The common teacher weight b, or undefined when they differ. */
  b?: number;
  /** True when the student's second layer is trained (secondLayerLr): a then moves. */
  aTrained: boolean;
}

export interface ConservationCase {
  /** True when Π(M) is conserved by the ODE for this start: its drift is integrator error. */
  polarConserved: boolean;
  /** ‖[Q0, M0M0ᵀ]‖_F / (‖Q0‖_F ‖M0M0ᵀ‖_F). */
  commutator: number;
  /** ‖T − (Tr T/p*) I‖_F / ‖T‖_F. */
  teacherAnisotropy: number;
  /** Each condition that fails, in words. */
  broken: string[];
}

type Matrix = readonly (readonly number[])[];

const frob = (A: Matrix) => Math.sqrt(A.reduce((s, row) => s + row.reduce((t, x) => t + x * x, 0), 0));
const mul = (A: Matrix, B: Matrix) =>
  A.map((row) => B[0].map((_, j) => row.reduce((s, x, k) => s + x * B[k][j], 0)));
const transpose = (A: Matrix) => A[0].map((_, j) => A.map((row) => row[j]));

/** The case of a run that starts at `first`'s overlaps. */
export function conservationCase(first: Snapshot, layers: SecondLayers): ConservationCase {
  const o = first.overlaps;
  if (!o) throw new Error("snapshot: the first snapshot carries no overlaps");
  const { Q, M, T } = o;
  const MMt = mul(M, transpose(M));
  const QM = mul(Q, MMt);
  const MQ = mul(MMt, Q);
  const commutatorAbs = frob(QM.map((row, i) => row.map((x, j) => x - MQ[i][j])));
  const scale = frob(Q) * frob(MMt);
  const commutator = scale > 0 ? commutatorAbs / scale : 0;
  const t = T.reduce((s, row, i) => s + row[i], 0) / T.length;
  const teacherAnisotropy = frob(T.map((row, i) => row.map((x, j) => x - (i === j ? t : 0)))) / frob(T);
  const broken: string[] = [];
  if (!(teacherAnisotropy <= CONSERVATION_TOL))
    broken.push(`T is not ∝ I (‖T − tI‖/‖T‖ = ${teacherAnisotropy.toExponential(1)})`);
  if (!(commutator <= CONSERVATION_TOL))
    broken.push(`Q0 does not commute with M0M0ᵀ (relative ‖[Q0, M0M0ᵀ]‖ = ${commutator.toExponential(1)})`);
  if (layers.a === undefined) broken.push("the student's second-layer weights differ");
  if (layers.aTrained) broken.push("the student's second layer is trained");
  if (layers.b === undefined) broken.push("the teacher's second-layer weights differ");
  return { polarConserved: broken.length === 0, commutator, teacherAnisotropy, broken };
}
