export { type RealisedWeights, realiseOverlaps } from "./basis.js";
export {
  analyticHessian,
  analyticKernel,
  finiteDifferenceHessian,
  type HessianBlocks,
  type HessianEigenvalue,
  type HessianOptions,
  type HessianSpec,
  type HessianSpectrum,
  hessianSpectrum,
  quadraticHessian,
} from "./hessian.js";
export {
  arcsineKernel,
  declaredPairKernel,
  type KernelDerivatives,
  linearKernel,
  PAIR_KERNELS,
  type PairKernel,
  squareKernel,
} from "./kernel.js";
export {
  type FlatHessian,
  kernelHessian,
  type StructuredHessian,
  structuredKernelHessian,
} from "./kernel-hessian.js";
