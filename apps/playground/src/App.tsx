// The playground: the URL is the state (decoded, validated by the CLI's schema, errors shown by field), a Web
// Worker runs the engine, and the views draw what the run streams.
import { startTransition, useEffect, useMemo, useState } from "react";
import { type ChartShelf, ChartShelfContext } from "./charts/LineChart.js";
import { RunClient } from "./engine/client.js";
import { getPath, setPath } from "./state/config-path.js";
import { browserDistillPresets } from "./state/distill-presets.js";
import { canonicalJson, configHash } from "./state/hash.js";
import {
  configIssuesToUrl,
  decodeState,
  defaultView,
  encodeState,
  type UrlIssue,
  type UrlState,
  urlSafetyIssues,
} from "./state/url-codec.js";
import { pupilVersions } from "./state/versions.js";
import { ConfigEditor } from "./views/ConfigEditor.js";
import { ConservedPanel } from "./views/ConservedPanel.js";
import { Controls } from "./views/Controls.js";
import { controlsFor } from "./views/control-specs.js";
import { DistillControls } from "./views/DistillControls.js";
import { DistillPanel } from "./views/DistillPanel.js";
import { ExportPanel, OpenRunDir, readRunFiles } from "./views/Files.js";
import { Badge, PresetPicker, StopConditions, Transport } from "./views/Header.js";
import { HeatmapPanel } from "./views/HeatmapPanel.js";
import { LossPanel } from "./views/LossPanel.js";
import type { Pin } from "./views/labels.js";
import { OverlayPanel } from "./views/OverlayPanel.js";
import { PruningPanel } from "./views/PruningPanel.js";
import { SeedBandPanel } from "./views/SeedBandPanel.js";
import { SpecializationPanel } from "./views/SpecializationPanel.js";
import { errorSeries } from "./views/series.js";
import {
  configIssues,
  createBuiltinRegistry,
  presets as enginePresets,
  type Preset,
  resolveRunConfig,
} from "./worker/engine.js";

/** The papers' presets as the "data set" picker; the spectral one also records node importance. */
export const presets: readonly Preset[] = [
  ...enginePresets.map(withSpectralImportance),
  // Distillation (the plugin pack's presets, shortened for a browser tab).
  ...browserDistillPresets(),
];

function withSpectralImportance(p: Preset): Preset {
  const train = (p.config as { train?: { student?: { spectral?: unknown }; metrics?: string[] } }).train;
  if (!train?.student?.spectral || train.metrics?.includes("spectral-importance")) return p;
  return {
    ...p,
    config: {
      ...p.config,
      train: { ...train, metrics: [...(train.metrics ?? []), "spectral-importance"] },
    } as Preset["config"],
  };
}

const DEFAULT_PRESET = "quadratic-escape";

const stateOfPreset = (p: Preset): UrlState => ({
  config: structuredClone(p.config) as Record<string, unknown>,
  view: defaultView(),
});

function navigate(state: UrlState): void {
  const hash = `#${encodeState(state)}`;
  if (location.hash !== hash) history.replaceState(null, "", hash);
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}

export function App() {
  const client = useMemo(() => new RunClient(), []);
  const registry = useMemo(() => createBuiltinRegistry(), []);
  const shelf = useMemo<ChartShelf>(() => new Map(), []);
  // Run updates render as transitions: React slices the work and yields to the browser, so a fast run never
  // makes one long main-thread task.
  const [view, setView] = useState(client.view);
  useEffect(() => client.subscribe(() => startTransition(() => setView(client.view))), [client]);
  const [hash, setHash] = useState(() => location.hash);
  const [pins, setPins] = useState<Pin[]>([]);
  const [importedSummary, setImportedSummary] = useState<Record<string, unknown> | undefined>();
  const [openError, setOpenError] = useState<string | undefined>();

  // Read-only access for the browser end-to-end tests (tests/browser): the snapshots the page received.
  useEffect(() => {
    (window as unknown as { __pupilPlayground?: unknown }).__pupilPlayground = { view: () => client.view };
  }, [client]);

  useEffect(() => {
    const onHash = () => setHash(location.hash);
    window.addEventListener("hashchange", onHash);
    if (!location.hash) {
      const preset = presets.find((p) => p.name === DEFAULT_PRESET) ?? presets[0];
      navigate(stateOfPreset(preset));
    }
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  const decoded = useMemo(() => decodeState(hash), [hash]);
  const state = decoded.state ?? { config: {}, view: defaultView() };
  const { config, view: viewState } = state;
  const issues: UrlIssue[] = useMemo(() => {
    if (!hash) return [];
    if (!decoded.ok) return decoded.issues;
    const safety = urlSafetyIssues(config);
    return safety.length > 0 ? safety : configIssuesToUrl(configIssues(config, registry));
  }, [decoded, config, hash, registry]);
  const configKey = canonicalJson(config);
  const invalidFields = useMemo(() => issues.map((i) => i.field), [issues]);
  const valid = hash !== "" && issues.length === 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the config's value
  const hashOfConfig = useMemo(() => configHash(config), [configKey]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the config's value
  const resolved = useMemo(
    () => (valid ? resolveRunConfig(config, registry) : undefined),
    [configKey, valid],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: a run restarts when the config (by value) changes
  useEffect(() => {
    if (!valid) {
      client.pause();
      return;
    }
    client.start(config, viewState.stop, client.view.status === "running");
    setImportedSummary(undefined);
  }, [configKey, valid]);

  const update = (next: UrlState) => navigate(next);
  const hidden = (id: string) =>
    viewState.hide.includes(id) || viewState.hide.some((h) => id.startsWith(`${h}.`));
  const locked = (id: string) => viewState.lock.includes(id) || viewState.lock.includes("controls");

  const onControl = (id: string, value: unknown) => {
    const param = /^(model\.(?:activation|teacherActivation))\.params\.(\w+)$/.exec(id);
    if (param) {
      const ref = getPath(config, param[1]);
      const refId = typeof ref === "string" ? ref : (ref as { id: string }).id;
      const params = { ...((ref as { params?: Record<string, number> })?.params ?? {}), [param[2]]: value };
      update({ ...state, config: setPath(config, param[1], { id: refId, params }) });
      return;
    }
    update({ ...state, config: setPath(config, id, value) });
  };

  // The CLI's own preset (not the playground's variant) is the base of the equivalent `pupil run` command.
  const preset = enginePresets.find((p) => p.name === config.name);
  const stamp = { configHash: hashOfConfig, versions: pupilVersions, url: location.href };
  const specs = useMemo(() => controlsFor(config, registry), [config, registry]);
  const info = view.info;
  const isDistill = config.kind === "distill";

  const onOpen = async (files: File[]) => {
    try {
      const run = await readRunFiles(files);
      setOpenError(undefined);
      setImportedSummary(run.summary);
      client.showImported(run.name, run.files, run.snapshots, run.info, run.summary);
    } catch (error) {
      setOpenError((error as Error).message);
    }
  };

  const pinRun = () => {
    const label = `${String(config.name ?? "run")} η=${String(config.lr)}${info ? ` p=${info.p} N=${info.N}` : ""} seed ${String(config.seed ?? 0)}`;
    setPins((old) => [
      ...old,
      {
        label,
        series: Object.entries(view.bySource).map(([source, snaps]) => ({ source, ...errorSeries(snaps) })),
      },
    ]);
  };

  return (
    <ChartShelfContext.Provider value={shelf}>
      <div className={viewState.hide.length + viewState.lock.length > 0 ? "app classroom" : "app"}>
        <header>
          <h1>
            pupil <span>playground</span>
          </h1>
          <p className="tagline">Teacher–student learning, live: online SGD and its ODE, side by side.</p>
          <Badge seed={config.seed} hash={hashOfConfig} versions={pupilVersions} view={view} />
        </header>
        {!hidden("presets") && (
          <PresetPicker
            presets={presets}
            current={String(config.name ?? "")}
            onPick={(p) => update(stateOfPreset(p))}
            disabled={locked("presets")}
          />
        )}
        {issues.length > 0 && (
          <div className="url-error" role="alert" data-testid="url-error">
            <b>This link's run config is not valid:</b>
            <ul>
              {issues.map((i) => (
                <li key={`${i.field}:${i.expected}`} data-field={i.field}>
                  <code>{i.field}</code>: expected {i.expected} (got <code>{i.value}</code>)
                </li>
              ))}
            </ul>
            <button
              type="button"
              onClick={() =>
                update(stateOfPreset(presets.find((p) => p.name === DEFAULT_PRESET) ?? presets[0]))
              }
            >
              open the default preset instead
            </button>
          </div>
        )}
        {view.error && (
          <div className="url-error" role="alert" data-testid="run-error">
            {view.error}
          </div>
        )}
        {view.imported && (
          <div className="imported" data-testid="imported-banner">
            Showing a CLI run directory: <b>{view.imported.name}</b> ({view.imported.files.join(", ")}),{" "}
            {view.snapshots.length} snapshots.
          </div>
        )}
        <Transport
          view={view}
          onPlay={client.play}
          onPause={client.pause}
          onStep={client.step}
          onReset={() => client.reset(false)}
          onNewSeed={() => update({ ...state, config: { ...config, seed: Math.floor(Math.random() * 1e6) } })}
          onPin={pinRun}
          locked={locked}
        />
        <div className="stop-row">
          <StopConditions
            stop={viewState.stop}
            hidden={hidden("stop")}
            onChange={(stop) => {
              client.setStop(stop);
              update({ ...state, view: { ...viewState, stop } });
            }}
          />
          <label className="scale-toggle">
            loss axes{" "}
            <select
              value={viewState.scale}
              data-testid="scale"
              onChange={(e) =>
                update({ ...state, view: { ...viewState, scale: e.target.value as "loglog" | "linlog" } })
              }
            >
              <option value="loglog">log–log</option>
              <option value="linlog">lin–log</option>
            </select>
          </label>
          {pins.length > 0 && (
            <button type="button" onClick={() => setPins([])} data-testid="clear-pins">
              clear {pins.length} pinned
            </button>
          )}
        </div>
        <main>
          {!hidden("controls") && (
            <aside className="panel side">
              <h3>Run config</h3>
              {isDistill ? (
                <DistillControls
                  config={config}
                  resolved={resolved}
                  hidden={hidden}
                  locked={locked}
                  invalid={invalidFields}
                  onConfig={(c) => update({ ...state, config: c })}
                />
              ) : (
                <Controls
                  invalid={invalidFields}
                  specs={specs}
                  config={config}
                  resolved={resolved}
                  registry={registry}
                  hidden={hidden}
                  locked={locked}
                  onChange={onControl}
                />
              )}
              {/* With any control locked, the JSON editor is locked too (it could change every field). */}
              {!hidden("json") && (
                <ConfigEditor
                  config={config}
                  disabled={locked("json") || viewState.lock.length > 0}
                  onApply={(c) => update({ ...state, config: c })}
                />
              )}
            </aside>
          )}
          <div className="views">
            {isDistill && <DistillPanel bySource={view.bySource} info={info} />}
            {!isDistill && (
              <LossPanel
                bySource={view.bySource}
                info={info}
                pins={pins}
                scale={viewState.scale}
                analysis={view.analysis}
              />
            )}
            {!hidden("seeds") && valid && !isDistill && (
              <SeedBandPanel
                config={config}
                resolved={resolved}
                seeds={viewState.seeds}
                locked={locked("seeds")}
                onSeeds={(seeds) => update({ ...state, view: { ...viewState, seeds } })}
              />
            )}
            {!hidden("heatmaps") && <HeatmapPanel bySource={view.bySource} info={info} />}
            {!hidden("overlay") && (
              <OverlayPanel
                bySource={view.bySource}
                info={info}
                onN={locked("N") || view.imported ? undefined : (N) => onControl("N", N)}
              />
            )}
            {!hidden("conserved") && <ConservedPanel bySource={view.bySource} info={info} />}
            {!hidden("specialization") && (
              <SpecializationPanel bySource={view.bySource} events={view.analysis.train ?? []} />
            )}
            {!hidden("pruning") && <PruningPanel bySource={view.bySource} info={info} />}
            <div className="two">
              {!hidden("export") && (
                <ExportPanel
                  config={config}
                  preset={preset}
                  stamp={stamp}
                  snapshots={() => client.view.snapshots}
                  hasSnapshots={view.snapshots.length > 0}
                  name={String(config.name ?? "run")}
                  weights={() => client.weights()}
                  checkpoint={() => client.checkpoint()}
                />
              )}
              {!hidden("open") && <OpenRunDir onOpen={onOpen} summary={importedSummary} />}
            </div>
            {openError && (
              <div className="url-error" role="alert" data-testid="open-error">
                {openError}
              </div>
            )}
          </div>
        </main>
        <footer>
          <p>
            Colours: ODE <i className="swatch" style={{ background: "#1f4e8c" }} /> · simulation{" "}
            <i className="swatch" style={{ background: "#e15759" }} /> · training{" "}
            <i className="swatch" style={{ background: "#59a14f" }} /> · pinned runs{" "}
            <i className="swatch" style={{ background: "rgba(120,120,120,0.55)" }} /> · plateau{" "}
            <i className="swatch" style={{ background: "rgba(237,201,72,0.35)" }} /> · overlaps: orange − /
            grey 0 / blue +. Classroom mode: add <code>&amp;_hide=controls,export</code> or{" "}
            <code>&amp;_lock=controls</code> to the link.
          </p>
        </footer>
      </div>
    </ChartShelfContext.Provider>
  );
}
