export {
  ANALYSIS_STAGES,
  type AnalyseRunOptions,
  type AnalysisStage,
  analyseRun,
} from "./analyse-run.js";
