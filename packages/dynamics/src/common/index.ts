export { isErf, isQuadratic, sameActivation } from "./activations.js";
export { DivergenceError, type DivergenceReason } from "./divergence.js";
export { CommitteeIntegrals, type CommitteeIntegralsOptions } from "./integrals.js";
export { type LossSpec, populationLoss, quadraticLoss } from "./loss.js";
export { buildOmega, cloneOverlaps, type Overlaps, overlapsOf, validateOverlaps } from "./overlaps.js";
export { resolveSecondLayer, type SecondLayerSpec } from "./second-layer.js";
export { type CommitteeSpec, effectiveLr, validateCommitteeSpec } from "./spec.js";
