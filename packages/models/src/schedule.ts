// Learning-rate schedules, evaluated per epoch (0-based).
import { positiveInt, positiveNumber } from "./errors.js";

export type LrSchedule =
  | { readonly type: "constant" }
  | { readonly type: "step"; readonly every: number; readonly gamma: number }
  | { readonly type: "exponential"; readonly gamma: number }
  | { readonly type: "cosine"; readonly epochs: number; readonly minLr?: number };

export function validateSchedule(schedule: LrSchedule): void {
  if (schedule.type === "step") {
    positiveInt("schedule.every", schedule.every);
    positiveNumber("schedule.gamma", schedule.gamma);
  } else if (schedule.type === "exponential") {
    positiveNumber("schedule.gamma", schedule.gamma);
  } else if (schedule.type === "cosine") {
    positiveInt("schedule.epochs", schedule.epochs);
  } else if (schedule.type !== "constant") {
    throw new Error(
      `schedule.type must be constant, step, exponential or cosine, got ${String((schedule as { type: unknown }).type)}`,
    );
  }
}

/** The learning rate at `epoch` for a base rate `lr`. */
export function learningRate(schedule: LrSchedule, lr: number, epoch: number): number {
  switch (schedule.type) {
    case "constant":
      return lr;
    case "step":
      return lr * schedule.gamma ** Math.floor(epoch / schedule.every);
    case "exponential":
      return lr * schedule.gamma ** epoch;
    case "cosine": {
      const min = schedule.minLr ?? 0;
      const t = Math.min(epoch, schedule.epochs) / schedule.epochs;
      return min + 0.5 * (lr - min) * (1 + Math.cos(Math.PI * t));
    }
  }
}
