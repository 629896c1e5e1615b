// A distill run on screen: which stage trains (teacher → the loss's pre-stages → student) and how far, the
// images it uses, train/test loss and test accuracy per stage, and the student's distillation term.
import type { Snapshot } from "@pupil/plugin";
import { LineChart, type LineSeries } from "../charts/LineChart.js";
import type { RunInfo } from "../worker/engine.js";
import { metric, stageProgress, stageSeries } from "./distill-series.js";
import "./distill.css";

const STAGE_COLORS: Record<string, string> = { teacher: "#1f4e8c", student: "#59a14f" };
const PRE_COLOR = "#b07aa1";
const colorOf = (stage: string) => STAGE_COLORS[stage] ?? PRE_COLOR;

interface DistillData {
  dataset: string;
  trainSize?: number;
  testSize?: number;
  split: { seed: number; validation: number; test: number };
}

export function DistillPanel({ bySource, info }: { bySource: Record<string, Snapshot[]>; info?: RunInfo }) {
  const stages = info?.stages ?? [];
  const progress = stageProgress(stages, bySource);
  const loss: LineSeries[] = [];
  const accuracy: LineSeries[] = [];
  for (const stage of stages) {
    const snaps = bySource[stage.name] ?? [];
    const color = colorOf(stage.name);
    const trainLabel =
      stage.kind === "pre" ? `${stage.name} reconstruction loss` : `${stage.name} train loss`;
    loss.push({
      label: trainLabel,
      color,
      dash: [5, 3],
      points: true,
      ...stageSeries(snaps, (s) => s.loss.train),
    });
    if (stage.kind === "pre") continue;
    loss.push({
      label: `${stage.name} test loss`,
      color,
      points: true,
      ...stageSeries(snaps, (s) => s.loss.test),
    });
    accuracy.push({
      label: `${stage.name} test accuracy`,
      color,
      points: true,
      ...stageSeries(snaps, metric("test-accuracy")),
    });
  }
  const term = stageSeries(bySource.student ?? [], metric("distill-term"));
  const data = (info?.resolved as { distill?: { data?: DistillData } } | undefined)?.distill?.data;
  const lossId = lossName(info);
  return (
    <div className="panel" data-testid="panel-distill">
      <h3>
        Distillation: {lossId} · {info?.name}
      </h3>
      <ol className="distill-stages" data-testid="distill-stages">
        {progress.map((p) => (
          <li
            key={p.name}
            className={`distill-stage ${p.state}`}
            data-testid={`stage-${p.name}`}
            data-state={p.state}
            data-done={p.done}
            style={{ borderColor: colorOf(p.name) }}
          >
            <b>{p.name}</b> {p.done}/{p.epochs} epochs
            <span className="stage-bar">
              <span
                style={{ width: `${(100 * p.done) / Math.max(1, p.epochs)}%`, background: colorOf(p.name) }}
              />
            </span>
            <small>{p.state}</small>
          </li>
        ))}
      </ol>
      {data && (
        <p className="distill-data" data-testid="distill-data">
          Images: <b>{data.dataset}</b>, seeded stratified split (seed {data.split.seed}, validation{" "}
          {data.split.validation}, test {data.split.test}); this run uses{" "}
          {data.trainSize === undefined
            ? "all training images"
            : `${data.trainSize.toLocaleString("en")} training`}{" "}
          / {data.testSize === undefined ? "all test images" : `${data.testSize.toLocaleString("en")} test`}{" "}
          (class-balanced subsets of that split, as the CLI takes them). The whole set is loaded once, from
          this app.
        </p>
      )}
      <LineChart
        id="distill-loss"
        title="Train and test loss per stage"
        xLabel="epoch"
        yLabel="loss"
        series={loss}
        logY
        height={220}
      />
      <LineChart
        id="distill-accuracy"
        title="Test accuracy"
        xLabel="epoch"
        yLabel="accuracy"
        series={accuracy}
        yRange={[0, 1]}
        height={220}
      />
      <LineChart
        id="distill-term"
        title="Distillation term (student: total loss − cross-entropy, mean per image)"
        xLabel="epoch"
        yLabel="term"
        series={[{ label: `${lossId} term`, color: colorOf("student"), points: true, ...term }]}
        height={180}
      />
    </div>
  );
}

function lossName(info?: RunInfo): string {
  const ref = (info?.resolved as { distill?: { loss?: unknown } } | undefined)?.distill?.loss;
  if (ref === null || ref === undefined) return "plain student (no distillation loss)";
  return typeof ref === "string" ? ref : String((ref as { id?: unknown }).id);
}
