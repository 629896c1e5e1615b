// The dashboard's panels (Ink 6). Each takes plain values, so tests render them on their own.
import { Box, Text } from "ink";
import { duration, num, sparkline, studentOrder } from "./format.js";
import type { DashboardModel, DashboardStatus, MetricPanelData } from "./store.js";

const STATUS_COLOR: Record<DashboardStatus, string> = {
  starting: "gray",
  running: "green",
  paused: "yellow",
  summarising: "cyan",
  stopping: "yellow",
  done: "cyan",
  diverged: "red",
  interrupted: "yellow",
  failed: "red",
};

export function Header({ model }: { model: DashboardModel }) {
  const rate = model.rate !== undefined ? `${num(model.rate)} ${model.unit}/s` : "";
  return (
    <Box width={80} justifyContent="space-between">
      <Text>
        <Text bold>pupil</Text> {model.name.slice(0, 28)}{" "}
        <Text dimColor>
          [{model.kind}] {model.params}
        </Text>
      </Text>
      <Text>
        <Text color={STATUS_COLOR[model.status]}>● {model.status}</Text> {rate}
      </Text>
    </Box>
  );
}

export function Progress({ model, width = 40 }: { model: DashboardModel; width?: number }) {
  const frac = Math.min(1, Math.max(0, model.alpha / model.alphaMax));
  const filled = Math.round(frac * width);
  return (
    <Text>
      <Text color="green">{"█".repeat(filled)}</Text>
      <Text dimColor>{"░".repeat(width - filled)}</Text> {model.unit} {num(model.alpha)}/{num(model.alphaMax)}{" "}
      ETA {model.status === "running" ? duration(model.etaSeconds) : "–"}
    </Text>
  );
}

export function LossPanel({ model }: { model: DashboardModel }) {
  const { sim, ode, relDiff, train, test } = model.eg;
  if (model.distill) {
    const d = model.distill;
    // The student's train figure is its whole objective (cross-entropy plus the distillation term).
    const trainLabel =
      d.term !== undefined ? "train objective" : d.curve === "test CE" ? "CE train" : "loss train";
    return (
      <Box flexDirection="column">
        <Text>
          stage <Text bold>{d.stage}</Text> epoch {d.epoch}
          {d.stageEpochs !== undefined ? `/${d.stageEpochs}` : ""}
          {d.term !== undefined ? <Text> · distillation term {num(d.term, 4)}</Text> : null}
        </Text>
        <Text>
          {test !== undefined ? <Text>CE test {num(test, 4)} · </Text> : null}
          {trainLabel} {num(train, 4)}
          {d.accuracy !== undefined ? (
            <Text>
              {" "}
              · accuracy <Text bold>{num(d.accuracy, 4)}</Text> (best {num(d.best, 4)})
            </Text>
          ) : null}
        </Text>
      </Box>
    );
  }
  if (model.kind === "distill") return <Text dimColor>stage – (training its first epoch)</Text>;
  if (model.kind === "train") {
    return (
      <Text>
        MSE <Text bold>test {num(test, 4)}</Text> train {num(train, 4)}
      </Text>
    );
  }
  return (
    <Text>
      eg {sim !== undefined ? <Text bold>sim {num(sim, 4)}</Text> : null}
      {ode !== undefined ? <Text> ode {num(ode, 4)}</Text> : null}
      {relDiff !== undefined ? <Text dimColor> Δ {(relDiff * 100).toFixed(1)}%</Text> : null}
    </Text>
  );
}

export function Sparkline({ model, width = 60 }: { model: DashboardModel; width?: number }) {
  const primary =
    model.history.sim ??
    model.history.ode ??
    model.history.train ??
    (model.distill ? model.history[model.distill.stage] : undefined) ??
    [];
  const line = sparkline(primary, width, model.logAxes);
  return (
    <Text>
      <Text
        dimColor
      >{`${model.logAxes ? "log" : "lin"} ${model.distill ? `${model.distill.curve} ` : ""}${model.unit} `}</Text>
      <Text color="cyan">{line}</Text>
    </Text>
  );
}

/** Diverging colour for a value in [-scale, scale]: blue below zero, red above. */
function cellColor(v: number, scale: number): string {
  const t = Math.min(1, Math.abs(v) / (scale || 1));
  const c = Math.round(255 - 180 * t)
    .toString(16)
    .padStart(2, "0");
  return v >= 0 ? `#ff${c}${c}` : `#${c}${c}ff`;
}

export function Heatmap({
  M,
  maxRows = 8,
  maxCols = 10,
}: {
  M?: number[][];
  maxRows?: number;
  maxCols?: number;
}) {
  if (!M || M.length === 0) return null;
  const order = studentOrder(M).slice(0, maxRows);
  const cols = Math.min(M[0].length, maxCols);
  const scale = Math.max(...M.flat().map(Math.abs));
  return (
    <Box flexDirection="column">
      <Text dimColor>
        M{"    "}
        {Array.from({ length: cols }, (_, r) => `  t${r}`.padStart(6)).join("")}
      </Text>
      {order.map((j) => (
        <Text key={j}>
          <Text dimColor>{`s${j}`.padEnd(5)}</Text>
          {M[j].slice(0, cols).map((v, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: columns are teacher indices, fixed for a run
            <Text key={r} color="black" backgroundColor={cellColor(v, scale)}>
              {num(v, 2).padStart(6)}
            </Text>
          ))}
        </Text>
      ))}
      {M.length > maxRows ? <Text dimColor>… {M.length - maxRows} more students</Text> : null}
    </Box>
  );
}

export function QDiag({ Qdiag }: { Qdiag?: number[] }) {
  if (!Qdiag) return null;
  const shown = Qdiag.slice(0, 10).map((q) => num(q, 3));
  return (
    <Text>
      <Text dimColor>diag Q </Text>
      {shown.join(" ")}
      {Qdiag.length > 10 ? " …" : ""}
    </Text>
  );
}

const BARS = " ▁▂▃▄▅▆▇█";

/** One bar per entry (a vector metric, e.g. ρ*_j per teacher node), the threshold marked. */
function barStrip(values: number[], threshold?: number): string {
  const lo = Math.min(0, ...values);
  const hi = Math.max(1e-12, ...values, threshold ?? 0);
  return values.map((v) => BARS[Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1))] ?? " ").join("");
}

/** The metrics of the primary source, each drawn as its plugin declares (bar strip, value, matrix). */
export function MetricPanels({ metrics }: { metrics: MetricPanelData[] }) {
  if (metrics.length === 0) return null;
  return (
    <Box flexDirection="column">
      {metrics.map((m) => {
        const v = m.value;
        if (Array.isArray(v) && v.every((x) => typeof x === "number")) {
          const values = v as number[];
          const above =
            m.threshold === undefined
              ? ""
              : ` ${values.filter((x) => x > (m.threshold as number)).length}/${values.length} > ${m.threshold}`;
          return (
            <Text key={m.id}>
              <Text dimColor>{m.label.slice(0, 28).padEnd(29)}</Text>
              <Text color="cyan">{barStrip(values.slice(0, 40), m.threshold)}</Text>
              <Text dimColor>
                {" "}
                min {num(Math.min(...values), 3)} max {num(Math.max(...values), 3)}
                {above}
              </Text>
            </Text>
          );
        }
        if (Array.isArray(v)) {
          const rows = v as number[][];
          return (
            <Text key={m.id} dimColor>
              {m.label.slice(0, 28).padEnd(29)}
              {rows.length}×{rows[0]?.length ?? 0} matrix
            </Text>
          );
        }
        return (
          <Text key={m.id}>
            <Text dimColor>{m.label.slice(0, 28).padEnd(29)}</Text>
            {num(v as number, 4)}
          </Text>
        );
      })}
    </Box>
  );
}

export function EventLog({ events }: { events: string[] }) {
  return (
    <Box flexDirection="column">
      {events.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the log is append-only; position plus text is stable
        <Text key={`${i}-${e}`} dimColor wrap="truncate-end">
          · {e.slice(0, 76)}
        </Text>
      ))}
    </Box>
  );
}

export const HELP_TEXT = "space pause/resume · s step · l log/lin α · q stop (resumable) · ? help";

export function Help({ open }: { open: boolean }) {
  if (!open) return <Text dimColor>? help</Text>;
  return (
    <Box flexDirection="column" borderStyle="round" width={80}>
      <Text>space pause or resume the run s take one grid point (pauses)</Text>
      <Text>l toggle log/linear α in the sparkline q stop cleanly (checkpoint kept)</Text>
      <Text>? close this help. The summary stays in the scrollback after the run ends.</Text>
    </Box>
  );
}
