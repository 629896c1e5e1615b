export { type ConvForward, ConvNet } from "./net.js";
export {
  type ConvParam,
  type ConvParamJson,
  type ConvParams,
  convParamShapes,
  convParamsFromJson,
  convParamsToJson,
  f32FromBase64,
  f32ToBase64,
  initConvParams,
} from "./params.js";
export {
  type ConvActivation,
  type ConvLayerSpec,
  type ConvNetSpec,
  convMacsPerImage,
  convShapes,
  convStudentSpec,
  convTeacherSpec,
  validateConvNetSpec,
} from "./spec.js";
export {
  type ConvStepOptions,
  ConvTrainer,
  type ConvTrainerOptions,
  type ConvTrainerState,
} from "./trainer.js";
