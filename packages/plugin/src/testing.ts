// @pupil/plugin/testing: the conformance kit every built-in and third-party plugin runs as its test suite.
export {
  activationPoints,
  checkClosedForm,
  checkDerivative,
  checkParity,
  checkTfOp,
  randomCovariances,
} from "./testing/activation.js";
export { type SampleOptions, sampleSnapshot, sampleWeights } from "./testing/fixtures.js";
export { sampleLossInputs } from "./testing/loss.js";
export { rescaleFeaturesPerSample, teacherProportionalToStudent } from "./testing/loss-properties.js";
export { metricValueProblems } from "./testing/metric.js";
export { checkPlugin, type PlannedGroup, planChecks } from "./testing/plan.js";
export { DEFAULT_TEACHER_SHAPES } from "./testing/teacher.js";
export { PluginTester, type PluginTesterOptions } from "./testing/tester.js";
export type {
  CheckOptions,
  CheckResult,
  LossCheckOptions,
  LossInputTransform,
  MetricCheckOptions,
  PerPlugin,
  PlannedCheck,
  TeacherCheckOptions,
} from "./testing/types.js";
