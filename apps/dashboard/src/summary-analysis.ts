// The analysis part of summary.json (plateau, escape α, conserved quantities, Hessians), filled in from
// @pupil/analysis as it lands.
import type { SourceAnalysis } from "@pupil/experiments";

export const summaryAnalysis: SourceAnalysis | undefined = undefined;
