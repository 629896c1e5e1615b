export { DEFAULT_CUTOFFS, type PruningPoint, pruningMask, pruningRamp, rampKnee } from "./ramp.js";
