export * from "./aggregate/index.js";
export * from "./conserved/index.js";
export * from "./hessian/index.js";
export * from "./plateau/index.js";
export * from "./pruning/index.js";
export * from "./specialization/index.js";
export * from "./summary/index.js";
