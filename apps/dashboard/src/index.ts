// Programmatic use of the CLI's pieces: main(argv, io), the dashboard components, the SVG plots.

export { EXIT } from "./exit-codes.js";
export type { Io } from "./io.js";
export { HELP, main } from "./main.js";
export { JsonPrinter, PlainPrinter, plainLine } from "./plain.js";
export { heatmaps, linePlot } from "./report/svg.js";
export { Dashboard, type RunControls } from "./ui/app.js";
export { sparkline, studentOrder } from "./ui/format.js";
export { EventLog, Header, Heatmap, LossPanel, Progress, QDiag, Sparkline } from "./ui/panels.js";
export { type DashboardModel, DashboardStore } from "./ui/store.js";
