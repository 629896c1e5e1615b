export { createOdeRhs, type RhsOptions } from "./create-rhs.js";
export { type IntegrateOdeOptions, integrateOde } from "./integrate.js";
export {
  type DivergenceBounds,
  type OdeAccuracy,
  OdeIntegrator,
  type OdeIntegratorOptions,
  type OdeIntegratorState,
} from "./integrator.js";
export { packState, type StateLayout, stateLayout, unpackState } from "./layout.js";
export { ErfRhs, IntegralsRhs, type OdeRhs, QuadraticRhs } from "./rhs.js";
export { type RecordOptions, recordSchedule } from "./schedule.js";
export {
  createStepper,
  DEFAULT_ATOL,
  DEFAULT_RTOL,
  type Derivative,
  type IntegratorOptions,
  type Stepper,
  type StepperState,
  StepUnderflow,
  validateIntegratorOptions,
} from "./steppers.js";
