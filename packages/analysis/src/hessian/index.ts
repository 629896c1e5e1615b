export { type RealisedWeights, realiseOverlaps } from "./basis.js";
export {
  finiteDifferenceHessian,
  type HessianBlocks,
  type HessianEigenvalue,
  type HessianOptions,
  type HessianSpectrum,
  hessianSpectrum,
  quadraticHessian,
} from "./hessian.js";
