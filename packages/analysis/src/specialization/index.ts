export {
  type BestMatchPoint,
  firstCrossings,
  orderAgreement,
  recoveryRate,
  specializationOrder,
} from "./order.js";
