export {
  type ConservedSeries,
  commutatorNorm,
  conservedAlong,
  type FlowInvariantOptions,
  gradientFlowInvariant,
  type ImplicitBias,
  implicitBias,
  polarOf,
} from "./conserved.js";
