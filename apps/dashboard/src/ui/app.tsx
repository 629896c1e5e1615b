// The live dashboard: header, progress, eg (sim vs ODE), sparkline, M heatmap and diag Q (runs with
// overlaps), the metric plugins' declared views (e.g. ρ*_j per teacher node), event log, keys.
// Re-renders from the store on a timer (throttled to `fps`), never once per snapshot.
import { Box, Text, useApp, useInput } from "ink";
import { useEffect, useState } from "react";
import {
  EventLog,
  Header,
  Heatmap,
  Help,
  LossPanel,
  MetricPanels,
  Progress,
  QDiag,
  Sparkline,
} from "./panels.js";
import type { DashboardStore } from "./store.js";

export interface RunControls {
  pause(): void;
  resume(): void;
  step(): void;
  stop(): void;
}

export function Dashboard({
  store,
  controls,
  fps = 10,
}: {
  store: DashboardStore;
  controls: RunControls;
  fps?: number;
}) {
  const [, setVersion] = useState(store.model.version);
  const { exit } = useApp();
  const finished = ["done", "diverged", "interrupted", "failed"].includes(store.model.status);

  useEffect(() => {
    let shown = -1;
    const timer = setInterval(() => {
      if (store.model.version !== shown) {
        shown = store.model.version;
        setVersion(shown);
      }
    }, 1000 / fps);
    return () => clearInterval(timer);
  }, [store, fps]);

  useEffect(() => {
    if (finished) exit();
  }, [finished, exit]);

  useInput((input, key) => {
    if (key.ctrl && input === "c") {
      store.setStatus("stopping");
      controls.stop();
    } else if (input === " ") {
      if (store.model.status === "paused") controls.resume();
      else controls.pause();
    } else if (input === "s") controls.step();
    else if (input === "l") store.toggle("logAxes");
    else if (input === "?") store.toggle("help");
    else if (input === "q") {
      store.setStatus("stopping");
      controls.stop();
    }
  });

  const m = store.model;
  return (
    <Box flexDirection="column" width={80}>
      <Header model={m} />
      <Progress model={m} />
      <LossPanel model={m} />
      <Sparkline model={m} />
      <Box>
        <Heatmap M={m.M} />
      </Box>
      <QDiag Qdiag={m.Qdiag} />
      <MetricPanels metrics={m.metrics} />
      <EventLog events={m.events} />
      <Help open={m.help} />
    </Box>
  );
}

export function FinalSummary({ lines }: { lines: string[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((l) => (
        <Text key={l}>{l}</Text>
      ))}
    </Box>
  );
}
