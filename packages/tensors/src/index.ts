export * from "./backend.js";
export * from "./dense.js";
export * from "./kernels.js";
export { fdlibmExp, fdlibmLog } from "./libm.js";
export * from "./linalg.js";
export * from "./quadrature.js";
export * from "./rng.js";
export { erf, erfc, normalCdf } from "./special.js";
export { ZIGGURAT_LAYERS, type ZigguratTables, zigguratTables } from "./ziggurat.js";
