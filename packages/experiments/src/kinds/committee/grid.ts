// The α values a run records: α = 0, then the dynamics' record schedule (perDecade log-spaced points from
// record.alphaMin, aligned to decades, every record.at value exactly, and alphaMax). Both sources of a
// paired run record on the same grid.
import { recordSchedule } from "@pupil/dynamics";
import type { CommitteeConfig } from "../../config/resolve.js";

export function alphaGrid(config: Pick<CommitteeConfig, "alphaMax" | "record">): number[] {
  const { perDecade, alphaMin, at } = config.record;
  return [0, ...recordSchedule(config.alphaMax, { perDecade, at, from: alphaMin })];
}
