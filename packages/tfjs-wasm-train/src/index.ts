// registerTrainingKernels: adds to tfjs' own kernel registry the backward kernels tfjs-backend-wasm 4.22 lacks
// (Conv2DBackpropFilter, the depthwise pair) and replaces the ones it runs slowly (Conv2DBackpropInput,
// MaxPoolGrad). Nothing happens at import; the returned handle puts the registry back as it was.
import type * as tfc from "@tensorflow/tfjs-core";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { conv2dFilterGrad, conv2dInputGrad } from "./conv2d-backprop.js";
import { depthwiseFilterGrad, depthwiseInputGrad } from "./depthwise-backprop.js";
import { maxPoolGrad } from "./max-pool-grad.js";
import {
  type ConvKernels,
  compileKernels,
  Heap,
  instantiateKernels,
  isWasmBackend,
  type WasmBackendLike,
} from "./wasm-heap.js";

export const TRAINING_KERNEL_NAMES = [
  "Conv2DBackpropFilter",
  "Conv2DBackpropInput",
  "MaxPoolGrad",
  "DepthwiseConv2dNativeBackpropFilter",
  "DepthwiseConv2dNativeBackpropInput",
  "Identity",
  "Sum",
  "Add",
] as const;
export type TrainingKernelName = (typeof TRAINING_KERNEL_NAMES)[number];

/** The part of tfjs this needs (@tensorflow/tfjs and @tensorflow/tfjs-core both satisfy it). */
export type TfKernelHost = Pick<
  typeof tfc,
  "registerKernel" | "unregisterKernel" | "getKernel" | "backend_util" | "util"
>;

export interface RegisterTrainingKernelsOptions {
  /** Which kernels to register (default: all of TRAINING_KERNEL_NAMES). */
  readonly kernels?: readonly TrainingKernelName[];
}

export interface TrainingKernels {
  /** The kernels registered for "wasm" by this call. */
  readonly registered: readonly TrainingKernelName[];
  /** Those that replaced a kernel the backend already had. */
  readonly replaced: readonly TrainingKernelName[];
  /** Removes them and re-registers what they replaced. */
  unregister(): void;
}

type Attrs = Record<string, unknown>;
type Args = { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: Attrs };

function requireNhwcFloat(kernel: string, attrs: Attrs, tensors: TensorInfo[]): void {
  const format = attrs.dataFormat;
  if (format !== undefined && format !== "NHWC")
    throw new Error(`${kernel}: attrs.dataFormat must be "NHWC" on wasm, got ${String(format)}`);
  for (const t of tensors)
    if (t.dtype !== "float32") throw new Error(`${kernel}: inputs must be float32, got ${t.dtype}`);
}

function requireUnitDilation(kernel: string, dilations: unknown): void {
  const d = Array.isArray(dilations) ? dilations : [dilations ?? 1, dilations ?? 1];
  if (d[0] !== 1 || d[1] !== 1)
    throw new Error(
      `${kernel}: attrs.dilations must be 1 (tfjs has no dilated conv gradients), got ${String(dilations)}`,
    );
}

type Shape4 = [number, number, number, number];
type ConvInfo = ReturnType<TfKernelHost["backend_util"]["computeConv2DInfo"]>;

/**
 * The four convolution gradients differ only in what they differentiate with respect to and whether the
 * convolution is depthwise. With respect to the filter, the inputs are (x, dy), the input shape is x's and the
 * filter's comes in attrs.filterShape; with respect to the input, they are (dy, filter) and the input's shape
 * comes in attrs.inputShape. The output has the shape of what is differentiated.
 */
interface ConvGradient {
  readonly wrt: "filter" | "input";
  readonly depthwise: boolean;
  /** Writes the gradient into `out`; (a, b) = (x, dy) for the filter, (dy, filter) for the input. */
  readonly compute: (
    kernels: ConvKernels,
    heap: Heap,
    a: TensorInfo,
    b: TensorInfo,
    info: ConvInfo,
    out: TensorInfo,
  ) => void;
}

const CONV_GRADIENTS = {
  Conv2DBackpropFilter: { wrt: "filter", depthwise: false, compute: conv2dFilterGrad },
  Conv2DBackpropInput: { wrt: "input", depthwise: false, compute: conv2dInputGrad },
  DepthwiseConv2dNativeBackpropFilter: {
    wrt: "filter",
    depthwise: true,
    compute: (_k, heap, x, dy, info, out) => depthwiseFilterGrad(heap, x, dy, info, out),
  },
  DepthwiseConv2dNativeBackpropInput: {
    wrt: "input",
    depthwise: true,
    compute: (_k, heap, dy, filter, info, out) => depthwiseInputGrad(heap, dy, filter, info, out),
  },
} as const satisfies Partial<Record<TrainingKernelName, ConvGradient>>;

/**
 * Registers the training kernels for the "wasm" backend. Call after the backend is set up (tf.setBackend("wasm")
 * and tf.ready()); pass the backend instance to fail fast if it is not the wasm backend.
 */
export function registerTrainingKernels(
  tf: TfKernelHost,
  wasmBackend?: unknown,
  options: RegisterTrainingKernelsOptions = {},
): TrainingKernels {
  if (typeof tf?.registerKernel !== "function" || typeof tf.backend_util?.computeConv2DInfo !== "function")
    throw new Error("tf: expected the tfjs module (registerKernel, backend_util)");
  if (wasmBackend !== undefined && !isWasmBackend(wasmBackend))
    throw new Error("wasmBackend: expected the tfjs-backend-wasm backend object (tf.findBackend('wasm'))");
  const names = options.kernels ?? TRAINING_KERNEL_NAMES;
  for (const n of names)
    if (!TRAINING_KERNEL_NAMES.includes(n))
      throw new Error(`kernels: unknown kernel "${String(n)}"; known: ${TRAINING_KERNEL_NAMES.join(", ")}`);

  const module = compileKernels();
  const instances = new WeakMap<object, ConvKernels>();
  const kernelsFor = (backend: WasmBackendLike): ConvKernels => {
    let k = instances.get(backend);
    if (!k) {
      k = instantiateKernels(module, backend);
      instances.set(backend, k);
    }
    return k;
  };
  if (wasmBackend !== undefined) kernelsFor(wasmBackend as WasmBackendLike);
  const bu = tf.backend_util;

  const withHeap = (kernel: string, body: (args: Args, backend: WasmBackendLike, heap: Heap) => TensorInfo) =>
    ((args: Args) => {
      if (!isWasmBackend(args.backend)) throw new Error(`${kernel}: registered for the wasm backend only`);
      const heap = new Heap(args.backend);
      try {
        return body(args, args.backend, heap);
      } finally {
        heap.release();
      }
    }) as unknown as KernelFunc;

  const configs: Partial<Record<TrainingKernelName, KernelFunc>> = {};
  for (const [name, grad] of Object.entries(CONV_GRADIENTS) as [string, ConvGradient][]) {
    configs[name as TrainingKernelName] = withHeap(name, (args, backend, heap) => {
      const [a, b] =
        grad.wrt === "filter" ? [args.inputs.x, args.inputs.dy] : [args.inputs.dy, args.inputs.filter];
      const attrs = args.attrs ?? {};
      requireNhwcFloat(name, attrs, [a, b]);
      requireUnitDilation(name, attrs.dilations);
      const info = bu.computeConv2DInfo(
        (grad.wrt === "filter" ? a.shape : attrs.inputShape) as Shape4,
        (grad.wrt === "filter" ? attrs.filterShape : b.shape) as Shape4,
        attrs.strides as [number, number],
        1,
        attrs.pad as "same",
        attrs.dimRoundingMode as "floor" | undefined,
        grad.depthwise,
      );
      const out = backend.makeOutput(grad.wrt === "filter" ? info.filterShape : info.inShape, "float32");
      grad.compute(kernelsFor(backend), heap, a, b, info, out);
      return out;
    });
  }
  configs.MaxPoolGrad = withHeap("MaxPoolGrad", (args, backend, heap) => {
    const { dy, input, output } = args.inputs;
    const a = args.attrs ?? {};
    requireNhwcFloat("MaxPoolGrad", {}, [dy, input]);
    const info = bu.computePool2DInfo(
      input.shape as Shape4,
      a.filterSize as [number, number],
      a.strides as [number, number],
      1,
      a.pad as "same",
      a.dimRoundingMode as "floor" | undefined,
    );
    const out = backend.makeOutput(input.shape, "float32");
    maxPoolGrad(kernelsFor(backend), heap, input, output, dy, info, out);
    return out;
  });

  // Identity without the copy (the backend's copies the buffer): tfjs clones every tensor a gradient saves, so
  // on wasm each recorded conv input and activation was copied once per step. The data is shared by reference
  // count, as the backend's own Reshape does.
  configs.Identity = ((args: Args) => {
    const { x } = args.inputs;
    const backend = args.backend as WasmBackendLike & { incRef(dataId: object): void };
    if (x.dtype === "string" || typeof backend.incRef !== "function")
      throw new Error("Identity: registered for numeric tensors on the wasm backend only");
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  }) as unknown as KernelFunc;

  // Sum over all leading axes of a float32 tensor whose kept part is a multiple of 4 floats (every bias
  // gradient) goes to a SIMD column sum; anything else to the kernel this one replaced.
  const formerSum = tf.getKernel("Sum", "wasm");
  configs.Sum = ((args: Args) => {
    const { x } = args.inputs;
    const a = args.attrs ?? {};
    const axes = tf.util.parseAxisParam(a.axis as number | number[], x.shape).sort((p, q) => p - q);
    const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((ax, i) => ax === i);
    const kept = x.shape.slice(axes.length);
    const cols = kept.reduce((p, q) => p * q, 1);
    if (!leading || x.dtype !== "float32" || cols % 4 !== 0 || cols === 0 || !isWasmBackend(args.backend)) {
      if (!formerSum) throw new Error("Sum: no wasm Sum kernel to fall back on");
      return formerSum.kernelFunc(args as never);
    }
    const backend = args.backend;
    const out = backend.makeOutput(a.keepDims ? [...axes.map(() => 1), ...kept] : kept, "float32");
    const heap = new Heap(backend);
    const rows = x.shape.slice(0, axes.length).reduce((p, q) => p * q, 1);
    kernelsFor(backend).col_sum(heap.address(x), heap.address(out), rows, cols);
    return out;
  }) as unknown as KernelFunc;

  // A float32 tensor plus a vector along its last axis (a bias, length a multiple of 4) goes to a SIMD loop
  // instead of the backend's general broadcasting Add; everything else to the kernel this one replaced.
  const formerAdd = tf.getKernel("Add", "wasm");
  configs.Add = ((args: Args) => {
    const { a, b } = args.inputs;
    const [big, vec] = a.shape.length >= b.shape.length ? [a, b] : [b, a];
    const cols = vec.shape[0] ?? 0;
    const isBias =
      vec.shape.length === 1 &&
      big.shape.length >= 2 &&
      big.shape[big.shape.length - 1] === cols &&
      cols % 4 === 0 &&
      cols > 0 &&
      big.dtype === "float32" &&
      vec.dtype === "float32";
    if (!isBias || !isWasmBackend(args.backend)) {
      if (!formerAdd) throw new Error("Add: no wasm Add kernel to fall back on");
      return formerAdd.kernelFunc(args as never);
    }
    const backend = args.backend;
    const out = backend.makeOutput([...big.shape], "float32");
    const heap = new Heap(backend);
    const rows = big.shape.slice(0, -1).reduce((p, q) => p * q, 1);
    kernelsFor(backend).bias_add(heap.address(big), heap.address(vec), heap.address(out), rows, cols);
    return out;
  }) as unknown as KernelFunc;

  const previous = new Map<TrainingKernelName, KernelConfig>();
  for (const name of names) {
    const old = tf.getKernel(name, "wasm");
    if (old) {
      previous.set(name, old);
      tf.unregisterKernel(name, "wasm");
    }
    tf.registerKernel({ kernelName: name, backendName: "wasm", kernelFunc: configs[name] as KernelFunc });
  }
  let active = true;
  return {
    registered: [...names],
    replaced: [...previous.keys()],
    unregister() {
      if (!active) return;
      active = false;
      for (const name of names) {
        tf.unregisterKernel(name, "wasm");
        const old = previous.get(name);
        if (old) tf.registerKernel(old);
      }
    },
  };
}
