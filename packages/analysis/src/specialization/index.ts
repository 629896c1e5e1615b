export {
  type NodeSpecializedEvent,
  SpecializationTracker,
  type SpecializationTrackerState,
} from "./live.js";
export {
  type BestMatchPoint,
  firstCrossings,
  orderAgreement,
  recoveryRate,
  specializationOrder,
} from "./order.js";
