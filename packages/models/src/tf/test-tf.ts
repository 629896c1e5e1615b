// Test helper: the host's tfjs on the backend chooseBackend picks (wasm in Node).
import type { Tf } from "@pupil/plugin";
import { chooseBackend } from "@pupil/tensors";
import * as tfjs from "@tensorflow/tfjs";

export const tf = tfjs as unknown as Tf;
let ready: Promise<string> | null = null;

export function tfReady(): Promise<string> {
  ready ??= chooseBackend(tfjs);
  return ready;
}
