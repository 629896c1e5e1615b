// Colour scales. Diverging overlaps: orange (−1) – light grey (0) – blue (+1), centred on 0, as in
// TensorFlow Playground; series colours distinct per line.

const NEG = [245, 147, 34];
const MID = [232, 234, 235];
const POS = [8, 119, 189];

/** v in [−1, 1] (clamped) to an rgb() string; 0 maps to the neutral grey. */
export function diverging(v: number): string {
  if (!Number.isFinite(v)) return "rgb(0,0,0)";
  const t = Math.max(-1, Math.min(1, v));
  const end = t < 0 ? NEG : POS;
  const f = Math.abs(t);
  const c = MID.map((m, i) => Math.round(m + (end[i] - m) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Ten distinct colours (Tableau 10); beyond ten, the hue wheel. */
const TABLEAU = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];
export function seriesColor(i: number, n = TABLEAU.length): string {
  if (n <= TABLEAU.length) return TABLEAU[i % TABLEAU.length];
  return `hsl(${Math.round((360 * i) / n)}, 65%, 45%)`;
}

export const SOURCE_COLORS: Record<string, string> = { ode: "#1f4e8c", sim: "#e15759", train: "#59a14f" };
export const GHOST_COLOR = "rgba(120,120,120,0.55)";
