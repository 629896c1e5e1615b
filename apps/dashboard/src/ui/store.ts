// The dashboard's model: folds the run's events into what the panels show. Plain TypeScript (no React),
// updated on every event; the Ink app re-renders from it on a timer (throttled), never per SGD step.

import type { AnalysisEvent, LiveAnalysis, ResolvedConfig, RunEvent } from "@pupil/experiments";
import type { MetricPlugin, MetricView, PluginLookup, Snapshot } from "@pupil/plugin";
import { distillEventText } from "../plain.js";

export type DashboardStatus =
  | "starting"
  | "running"
  | "paused"
  | "summarising"
  | "stopping"
  | "done"
  | "diverged"
  | "interrupted"
  | "failed";

export interface HistoryPoint {
  alpha: number;
  eg: number;
}

export interface MetricPanelData {
  id: string;
  /** Human label: the plugin's label, else its title, else its id. */
  label: string;
  view: MetricView | undefined;
  value: number | number[] | number[][];
  threshold?: number;
}

export interface DashboardModel {
  name: string;
  kind: string;
  params: string;
  alphaMax: number;
  /** "α" for ODE and online runs, "epoch" for training. */
  unit: string;
  status: DashboardStatus;
  dir?: string;
  alpha: number;
  step: number;
  /** α per wall-clock second of the primary source since warm-up. */
  rate?: number;
  etaSeconds?: number;
  eg: { sim?: number; ode?: number; relDiff?: number; train?: number; test?: number };
  /**
   * Distill runs: the stage of the latest snapshot, its epoch (of the stage's epochs, when the config says),
   * test accuracy (and best), distillation term, and what the stage's curve plots (a pre-stage has no test).
   */
  distill?: {
    stage: string;
    epoch: number;
    stageEpochs?: number;
    accuracy?: number;
    best?: number;
    term?: number;
    curve: "test CE" | "train loss";
  };
  history: Record<string, HistoryPoint[]>;
  M?: number[][];
  Qdiag?: number[];
  /** The primary source's latest metric values, with each metric's declared view. */
  metrics: MetricPanelData[];
  events: string[];
  logAxes: boolean;
  help: boolean;
  /** Bumped on every change; the renderer compares it to skip identical frames. */
  version: number;
}

const WARMUP_SECONDS = 1;
const MAX_EVENTS = 6;

const fmt = (x: number) =>
  Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-2 && x !== 0) ? x.toExponential(2) : x.toPrecision(3);

/** Labels of the per-snapshot figures a distill run reports (not metric plugins). */
const DISTILL_LABELS: Record<string, string> = {
  "stage-epoch": "epoch of the stage",
  "test-accuracy": "test accuracy",
  "best-test-accuracy": "best test accuracy so far",
  "distill-term": "distillation term (train)",
};

/** Epochs of a distill run as far as the config says (a loss's pre-stages count when their epochs are set). */
function distillEpochs(config: Extract<ResolvedConfig, { kind: "distill" }>): number {
  const d = config.distill;
  if (d.loss === null) return d.student.epochs;
  return d.teacher.epochs + (d.preStage.epochs ?? 0) + d.student.epochs;
}

export function describeConfig(config: ResolvedConfig): string {
  if (config.kind === "distill") {
    const d = config.distill;
    const loss = d.loss === null ? "plain student" : typeof d.loss === "string" ? d.loss : d.loss.id;
    return `${loss} on ${d.data.dataset} ${d.optimizer} lr=${config.lr} batch ${d.batchSize}`;
  }
  if (config.kind === "train") {
    const t = config.train;
    return `${t.teacher.generator} d=${t.inputDim} student ${t.student.widths.join("×")} ${t.optimizer} lr=${config.lr}`;
  }
  const act =
    typeof config.model.activation === "string" ? config.model.activation : config.model.activation.id;
  return `${act} p=${config.model.p} p*=${config.model.pStar} N=${config.N} η=${config.lr}`;
}

export class DashboardStore {
  readonly model: DashboardModel;
  readonly #primary: string;
  #warm?: { alpha: number; wall: number };
  #start = 0;
  #lastIndex: Record<string, number> = {};
  #listeners = new Set<() => void>();
  readonly #now: () => number;

  readonly #metricPlugins = new Map<string, MetricPlugin>();
  readonly #observe: ((source: string) => LiveAnalysis | undefined) | undefined;
  readonly #observers = new Map<string, LiveAnalysis | undefined>();
  /** Distill runs: each stage's epochs as the config sets them (a pre-stage's default is the loss's). */
  readonly #stageEpochs: Record<string, number | undefined> = {};
  #preEpochs: number | undefined;

  /** `registry`: where the run's metric plugins are looked up for their declared views and labels. */
  constructor(
    config: ResolvedConfig,
    options: {
      dir?: string;
      now?: () => number;
      registry?: PluginLookup;
      /**
       * For a log read back from disk (pupil watch), where no engine events arrive: the run kind's live
       * analysis (RunSetup.observe), run here on the snapshots, with the same definitions.
       */
      observe?: (source: string) => LiveAnalysis | undefined;
    } = {},
  ) {
    this.#observe = options.observe;
    if (config.kind === "distill") {
      this.#stageEpochs.teacher = config.distill.teacher.epochs;
      this.#stageEpochs.student = config.distill.student.epochs;
      this.#preEpochs = config.distill.preStage.epochs;
    }
    const ids =
      config.kind === "train"
        ? config.train.metrics
        : config.kind === "distill"
          ? []
          : (config.metrics ?? []);
    for (const id of ids) {
      if (options.registry?.has("metric", id))
        this.#metricPlugins.set(id, options.registry.get("metric", id));
    }
    // A distill run's stages follow one another: each is the primary source while it runs.
    this.#primary =
      config.kind === "ode"
        ? "ode"
        : config.kind === "train"
          ? "train"
          : config.kind === "distill"
            ? "*"
            : "sim";
    this.#now = options.now ?? (() => performance.now() / 1000);
    this.model = {
      name: config.name,
      kind: config.kind,
      params: describeConfig(config),
      alphaMax:
        config.kind === "train"
          ? config.train.epochs
          : config.kind === "distill"
            ? distillEpochs(config)
            : config.alphaMax,
      unit: config.kind === "train" || config.kind === "distill" ? "epoch" : "α",
      status: "starting",
      dir: options.dir,
      alpha: 0,
      step: 0,
      eg: {},
      history: {},
      metrics: [],
      events: options.dir ? [`log: ${options.dir}`] : [],
      logAxes: true,
      help: false,
      version: 0,
    };
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    this.model.version += 1;
    for (const l of this.#listeners) l();
  }

  log(message: string): void {
    this.model.events.push(message);
    if (this.model.events.length > MAX_EVENTS)
      this.model.events.splice(0, this.model.events.length - MAX_EVENTS);
    this.#changed();
  }

  setStatus(status: DashboardStatus): void {
    this.model.status = status;
    this.#changed();
  }

  toggle(key: "logAxes" | "help"): void {
    this.model[key] = !this.model[key];
    this.#changed();
  }

  apply(event: RunEvent): void {
    if (event.type === "snapshot") this.#snapshot(event.snapshot);
    else if (event.type === "checkpoint") this.#checkpoint(event.state.next);
    else if (event.type === "status") this.setStatus(event.status);
    else if (event.type === "done") this.setStatus(event.stopped ? "interrupted" : "done");
    else if (event.type === "analysis") this.#analysis(event.source, event.event);
  }

  /** One line for the summary's analysis, updated in place as each stage starts. */
  analysisProgress(source: string, stage: string, index: number, total: number): void {
    this.model.status = "summarising";
    const i = this.model.events.findIndex((e) => e.startsWith("analysing "));
    if (i >= 0) this.model.events.splice(i, 1);
    this.log(`analysing ${source}: ${stage} (${index + 1}/${total})`);
  }

  /** One line for the latest checkpoint, updated in place (not one per checkpoint). */
  #checkpoint(next: number): void {
    const i = this.model.events.findIndex((e) => e.startsWith("checkpoint written"));
    const line = `checkpoint written (grid point ${next})`;
    if (i >= 0) this.model.events.splice(i, 1);
    this.log(line);
  }

  #snapshot(s: Snapshot): void {
    const source = String(s.source);
    if (this.#observe) {
      if (!this.#observers.has(source)) this.#observers.set(source, this.#observe(source));
      for (const event of this.#observers.get(source)?.push(s) ?? []) this.#analysis(source, event);
    }
    // Training runs have no population loss: their curve is the test MSE; a distill pre-stage's, its train loss.
    const eg = s.loss.gen ?? s.loss.test ?? (this.#primary === "*" ? s.loss.train : undefined);
    if (source === "train" || this.#primary === "*") {
      this.model.eg.train = s.loss.train;
      this.model.eg.test = s.loss.test;
    }
    if (this.#primary === "*") {
      const num = (v: unknown) => (typeof v === "number" ? v : undefined);
      this.model.distill = {
        stage: source,
        epoch: num(s.metrics["stage-epoch"]) ?? 0,
        stageEpochs: source in this.#stageEpochs ? this.#stageEpochs[source] : this.#preEpochs,
        curve: s.loss.test === undefined ? "train loss" : "test CE",
        accuracy: num(s.metrics["test-accuracy"]),
        best: num(s.metrics["best-test-accuracy"]),
        term: num(s.metrics["distill-term"]),
      };
    }
    if (this.model.status === "starting") this.model.status = "running";
    this.model.history[source] ??= [];
    const history = this.model.history[source];
    if (eg !== undefined) history.push({ alpha: s.t, eg });
    const index = (this.#lastIndex[source] ?? -1) + 1;
    this.#lastIndex[source] = index;
    if (eg !== undefined) {
      if (source === "sim") this.model.eg.sim = eg;
      if (source === "ode") this.model.eg.ode = eg;
    }
    // Relative difference only between points of the same grid index (a paired run records both there).
    const other = source === "sim" ? "ode" : "sim";
    const otherHist = this.model.history[other];
    if (
      otherHist &&
      this.#lastIndex[other] === index &&
      this.model.eg.ode !== undefined &&
      this.model.eg.sim !== undefined
    ) {
      this.model.eg.relDiff = (this.model.eg.sim - this.model.eg.ode) / this.model.eg.ode;
    }
    if (source !== this.#primary && this.#primary !== "*") {
      this.#changed();
      return;
    }
    this.model.alpha = s.t;
    this.model.step = s.step;
    this.model.metrics = Object.entries(s.metrics).map(([id, value]) => {
      const plugin = this.#metricPlugins.get(id);
      return {
        id,
        label: plugin?.label ?? plugin?.title ?? DISTILL_LABELS[id] ?? id,
        view: plugin?.view,
        value,
        threshold: plugin?.threshold?.value,
      };
    });
    if (s.overlaps) {
      this.model.M = s.overlaps.M;
      this.model.Qdiag = s.overlaps.Q.map((row, j) => row[j]);
    }
    this.#timing(s.t);
    this.#changed();
  }

  #timing(alpha: number): void {
    const now = this.#now();
    if (this.#start === 0) this.#start = now;
    // The ETA ignores warm-up (JIT, worker start): the rate is measured from the first point after it.
    if (!this.#warm) {
      if (now - this.#start >= WARMUP_SECONDS) this.#warm = { alpha, wall: now };
      return;
    }
    const dt = now - this.#warm.wall;
    if (dt <= 0 || alpha <= this.#warm.alpha) return;
    this.model.rate = (alpha - this.#warm.alpha) / dt;
    this.model.etaSeconds = Math.max(0, (this.model.alphaMax - alpha) / this.model.rate);
  }

  /** Analysis events come from the engine (@pupil/analysis definitions), so they match summary.json. */
  #analysis(source: string, event: AnalysisEvent): void {
    const unit = this.model.unit;
    const at = (t: number) => (unit === "α" ? `α=${fmt(t)}` : `${unit} ${fmt(t)}`);
    if (event.type === "plateau-entered")
      this.log(`${source}: plateau entered at ${at(event.t)} (eg=${fmt(event.eg)})`);
    else if (event.type === "plateau-left") this.log(`${source}: plateau left at ${at(event.t)}`);
    else if (event.type === "escape")
      this.log(`${source}: escape at ${at(event.t)} (eg < ${fmt(event.plateauEg / 2)})`);
    else if (event.type === "node-specialized")
      this.log(
        `teacher node ${event.node} specialized (ρ*=${event.rho.toFixed(2)} > ${event.threshold}) at ${at(event.t)}`,
      );
    else this.log(`${event.stage}: ${distillEventText(event)}`);
  }
}
