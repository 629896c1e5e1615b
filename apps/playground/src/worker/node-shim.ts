// ENGINE-ADAPTER: a stand-in for node:os / node:worker_threads / node:fs / node:url / node:path /
// node:module in the browser bundle. Only @pupil/dynamics' ensemble runner imports them (lazily) and a
// playground run never calls it; anything that does reach this shim fails loudly.
const unavailable = (name: string) => () => {
  throw new Error(`${name} is not available in the browser playground`);
};
export const cpus = () => [];
export const availableParallelism = () => 1;
export const existsSync = () => false;
export const readFileSync = unavailable("fs.readFileSync");
export const fileURLToPath = unavailable("url.fileURLToPath");
export const pathToFileURL = unavailable("url.pathToFileURL");
export const createRequire = unavailable("module.createRequire");
export const join = (...parts: string[]) => parts.join("/");
export const dirname = (p: string) => p.replace(/\/[^/]*$/, "");
export const resolve = join;
export const isAbsolute = (p: string) => p.startsWith("/");
export class Worker {
  constructor() {
    throw new Error("worker_threads is not available in the browser playground");
  }
}
export const parentPort = null;
export const workerData = undefined;
export const isMainThread = true;
export default {};
