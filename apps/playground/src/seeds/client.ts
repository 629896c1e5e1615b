// The UI's end of the seeds worker: asks for a band of `count` seeds of a config and keeps what arrives.
import type { SeedCurve } from "./band.js";
import type { FromSeeds, ToSeeds } from "./protocol.js";

export interface SeedsView {
  count: number;
  curves: SeedCurve[];
  ode?: { t: number[]; eg: number[] };
  /** The seed being run and its α, while running. */
  progress?: { seed: number; alpha: number };
  done: boolean;
  error?: string;
}

export class SeedsClient {
  #worker: Worker | undefined;
  #id = 0;
  #view: SeedsView = { count: 0, curves: [], done: true };
  #listeners = new Set<() => void>();

  get view(): SeedsView {
    return this.#view;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Starts the band's runs (replacing any running ones); the worker is made on first use. */
  start(config: Record<string, unknown>, count: number): void {
    this.#id += 1;
    this.#view = { count, curves: [], done: false };
    if (!this.#worker) {
      this.#worker = new Worker(new URL("./seeds.worker.ts", import.meta.url), { type: "module" });
      this.#worker.onmessage = (e: MessageEvent<FromSeeds>) => this.#receive(e.data);
      this.#worker.onerror = (e) => this.#set({ error: `seeds worker: ${e.message}`, done: true });
    }
    this.#send({ type: "start", id: this.#id, config, count });
    this.#notify();
  }
  cancel(): void {
    this.#id += 1;
    this.#send({ type: "cancel" });
    this.#view = { count: 0, curves: [], done: true };
    this.#notify();
  }
  dispose(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
  }

  #send(message: ToSeeds): void {
    this.#worker?.postMessage(message);
  }
  #receive(msg: FromSeeds): void {
    if (msg.id !== this.#id) return;
    if (msg.type === "ode") this.#set({ ode: { t: msg.t, eg: msg.eg } });
    else if (msg.type === "curve") this.#set({ curves: [...this.#view.curves, msg.curve] });
    else if (msg.type === "progress") this.#set({ progress: { seed: msg.seed, alpha: msg.alpha } });
    else if (msg.type === "done") this.#set({ done: true, progress: undefined });
    else this.#set({ error: msg.message, done: true });
  }
  #set(patch: Partial<SeedsView>): void {
    this.#view = { ...this.#view, ...patch };
    this.#notify();
  }
  #notify(): void {
    for (const l of this.#listeners) l();
  }
}
