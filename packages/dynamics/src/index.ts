export * from "./common/index.js";
export * from "./ode/index.js";
export * from "./sim/index.js";
