// A thin React wrapper over uPlot (canvas, fast appends): the chart is built once per `optionsKey` and fed
// new data with setData, which React calls at most once per frame (RunClient batches notifications).
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface UPlotChartProps {
  options: Omit<uPlot.Options, "width" | "height">;
  /** Rebuild the chart when this changes (series count, scales, hooks). */
  optionsKey: string;
  data: uPlot.AlignedData;
  height?: number;
  testId?: string;
  onChart?: (chart: uPlot | undefined) => void;
}

export function UPlotChart({ options, optionsKey, data, height = 220, testId, onChart }: UPlotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | undefined>(undefined);
  const latest = useRef(data);
  latest.current = data;

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt only when optionsKey says the shape changed
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = Math.max(200, el.clientWidth || 400);
    const u = new uPlot({ ...options, width, height }, latest.current, el);
    chart.current = u;
    onChart?.(u);
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      chart.current = undefined;
      onChart?.(undefined);
    };
  }, [optionsKey, height]);

  // Each chart redraws in its own task, so several charts never add up to one long task.
  useEffect(() => {
    const id = setTimeout(() => chart.current?.setData(data), 0);
    return () => clearTimeout(id);
  }, [data]);

  return <div className="chart" ref={host} data-testid={testId} />;
}
