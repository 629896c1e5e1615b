// Names shared by the panels.

export interface Pin {
  label: string;
  series: { source: string; x: number[]; y: number[] }[];
}

/** How each snapshot source is named on screen. */
export const SOURCE_LABEL: Record<string, string> = { ode: "ODE", sim: "simulation", train: "test" };
