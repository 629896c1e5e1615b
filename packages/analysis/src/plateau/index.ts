export {
  type DetectPlateauOptions,
  detectPlateau,
  type EscapeStatistics,
  escapeAlpha,
  escapeStatistics,
  type PlateauInterval,
} from "./escape.js";
export { type Parity, type PlateauOptions, type PlateauPoint, plateauPoint } from "./fixed-point.js";
export { type PlateauEvent, PlateauTracker, type PlateauTrackerState } from "./live.js";
