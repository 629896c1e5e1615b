export { formatMeanStd, type MeanStd, meanStd, meanStdVectors } from "./stats.js";
