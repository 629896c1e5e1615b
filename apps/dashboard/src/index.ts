// Programmatic use of the CLI's pieces: main(argv, io), the dashboard components, the SVG plots.
export { Dashboard, type RunControls } from "./ui/app.js";
export { EventLog, Header, Heatmap, LossPanel, Progress, QDiag, Sparkline } from "./ui/panels.js";
export { type DashboardModel, DashboardStore } from "./ui/store.js";
export { sparkline, studentOrder } from "./ui/format.js";
export { EXIT } from "./exit-codes.js";
export { HELP, main } from "./main.js";
export type { Io } from "./io.js";
export { heatmaps, linePlot } from "./report/svg.js";
export { PlainPrinter, JsonPrinter, plainLine } from "./plain.js";
