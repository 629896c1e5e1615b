// Conv-net architectures as data (recorded verbatim in a run's config), their validation, and the two presets:
// a ResNet-8-like teacher and a smaller VGG-like student for 28×28×1 images. Every layer has a name; the
// output of each layer is a tap (see ConvNet.forward), and `features` is the transfer point of both presets:
// the last feature map, post-ReLU, before global pooling.
import { positiveInt } from "../errors.js";

export type ConvActivation = "relu" | "linear";

export type ConvLayerSpec =
  /** k×k convolution, "same" padding, bias, then the activation (default relu). */
  | {
      kind: "conv";
      name: string;
      filters: number;
      kernel: number;
      stride?: 1 | 2;
      activation?: ConvActivation;
    }
  /** Max pooling, "valid" padding (stride defaults to the size). */
  | { kind: "maxpool"; name: string; size: number; stride?: number }
  /**
   * Residual block: relu(conv3×3(relu(conv3×3(x))) + shortcut(x)), the first conv with the block's stride; the
   * shortcut is x itself, or a 1×1 conv with that stride when the shape changes. No normalisation.
   */
  | { kind: "residual"; name: string; filters: number; stride?: 1 | 2 }
  /** Global average pooling: [B, H, W, C] → [B, C]. */
  | { kind: "gap"; name: string }
  /** Fully connected on a flat input (after gap); activation default linear. */
  | { kind: "dense"; name: string; units: number; activation?: ConvActivation };

export interface ConvNetSpec {
  /** [height, width, channels] of one input image. */
  readonly input: readonly [number, number, number];
  readonly layers: readonly ConvLayerSpec[];
}

/** Output shape of each layer ([h, w, c] for maps, [n] for flat), in order. */
export function convShapes(spec: ConvNetSpec): number[][] {
  const shapes: number[][] = [];
  let shape: number[] = [...spec.input];
  for (const L of spec.layers) {
    if (L.kind === "conv" || L.kind === "residual") {
      const s = L.stride ?? 1;
      shape = [Math.ceil(shape[0] / s), Math.ceil(shape[1] / s), L.filters];
    } else if (L.kind === "maxpool") {
      const s = L.stride ?? L.size;
      shape = [Math.floor((shape[0] - L.size) / s) + 1, Math.floor((shape[1] - L.size) / s) + 1, shape[2]];
    } else if (L.kind === "gap") shape = [shape[2]];
    else shape = [L.units];
    shapes.push(shape);
  }
  return shapes;
}

/** Checks a spec; every error names the field. Returns the number of classes (units of the last layer). */
export function validateConvNetSpec(spec: ConvNetSpec, field = "net"): number {
  if (!spec || !Array.isArray(spec.input) || spec.input.length !== 3)
    throw new Error(`${field}.input must be [height, width, channels]`);
  for (const [i, v] of spec.input.entries()) positiveInt(`${field}.input[${i}]`, v);
  if (!Array.isArray(spec.layers) || spec.layers.length === 0)
    throw new Error(`${field}.layers must be a non-empty array`);
  const names = new Set<string>();
  let flat = false;
  let shape: number[] = [...spec.input];
  spec.layers.forEach((L, i) => {
    const at = `${field}.layers[${i}]`;
    if (typeof L?.name !== "string" || L.name === "" || L.name.includes(":"))
      throw new Error(`${at}.name must be a non-empty string without ":"`);
    if (names.has(L.name)) throw new Error(`${at}.name "${L.name}" is used twice`);
    names.add(L.name);
    const act = (L as { activation?: unknown }).activation;
    if (act !== undefined && act !== "relu" && act !== "linear")
      throw new Error(`${at}.activation must be "relu" or "linear", got ${String(act)}`);
    switch (L.kind) {
      case "conv":
      case "residual": {
        if (flat) throw new Error(`${at}: a ${L.kind} layer needs a feature map, but the input here is flat`);
        positiveInt(`${at}.filters`, L.filters);
        if (L.kind === "conv") positiveInt(`${at}.kernel`, L.kernel);
        if (L.stride !== undefined && L.stride !== 1 && L.stride !== 2)
          throw new Error(`${at}.stride must be 1 or 2, got ${String(L.stride)}`);
        break;
      }
      case "maxpool":
        if (flat) throw new Error(`${at}: maxpool needs a feature map, but the input here is flat`);
        positiveInt(`${at}.size`, L.size);
        if (L.stride !== undefined) positiveInt(`${at}.stride`, L.stride);
        if (L.size > shape[0] || L.size > shape[1])
          throw new Error(`${at}.size ${L.size} exceeds the ${shape[0]}×${shape[1]} map`);
        break;
      case "gap":
        if (flat) throw new Error(`${at}: gap needs a feature map, but the input here is flat`);
        flat = true;
        break;
      case "dense":
        if (!flat) throw new Error(`${at}: dense needs a flat input; put a gap layer before it`);
        positiveInt(`${at}.units`, L.units);
        break;
      default:
        throw new Error(
          `${at}.kind must be conv, maxpool, residual, gap or dense, got ${String((L as { kind?: unknown }).kind)}`,
        );
    }
    shape = convShapes({ input: spec.input, layers: spec.layers.slice(0, i + 1) })[i];
  });
  const last = spec.layers[spec.layers.length - 1];
  if (last.kind !== "dense") throw new Error(`${field}.layers: the last layer must be dense (the logits)`);
  if ((last.activation ?? "linear") !== "linear")
    throw new Error(`${field}.layers: the logits layer must be linear`);
  return last.units;
}

/** ResNet-8-like teacher: conv 16 → maxpool → residual 16 (tap block1, 14×14×16) → residual 32 stride 2 (tap features, 7×7×32) → gap → dense. ≈1.7 M multiply-adds per image. */
export function convTeacherSpec(classes = 10): ConvNetSpec {
  return {
    input: [28, 28, 1],
    layers: [
      { kind: "conv", name: "stem", filters: 16, kernel: 3 },
      { kind: "maxpool", name: "pool1", size: 2 },
      { kind: "residual", name: "block1", filters: 16 },
      { kind: "residual", name: "features", filters: 32, stride: 2 },
      { kind: "gap", name: "gap" },
      { kind: "dense", name: "logits", units: classes },
    ],
  };
}

/** VGG-like student: conv 8 → maxpool → conv 16 (tap block1, 14×14×16) → maxpool → conv 32 (tap features, 7×7×32) → gap → dense. ≈0.5 M multiply-adds per image. */
export function convStudentSpec(classes = 10): ConvNetSpec {
  return {
    input: [28, 28, 1],
    layers: [
      { kind: "conv", name: "stem", filters: 8, kernel: 3 },
      { kind: "maxpool", name: "pool1", size: 2 },
      { kind: "conv", name: "block1", filters: 16, kernel: 3 },
      { kind: "maxpool", name: "pool2", size: 2, stride: 2 },
      { kind: "conv", name: "features", filters: 32, kernel: 3 },
      { kind: "gap", name: "gap" },
      { kind: "dense", name: "logits", units: classes },
    ],
  };
}

/** Multiply-adds of one forward pass per image (convs, shortcuts and dense layers). */
export function convMacsPerImage(spec: ConvNetSpec): number {
  const shapes = convShapes(spec);
  let macs = 0;
  let inC = spec.input[2];
  spec.layers.forEach((L, i) => {
    const [h, w, c] = shapes[i];
    if (L.kind === "conv") macs += h * w * L.kernel * L.kernel * inC * c;
    else if (L.kind === "residual") {
      macs += h * w * 9 * inC * c + h * w * 9 * c * c;
      if (inC !== c || (L.stride ?? 1) !== 1) macs += h * w * inC * c;
    } else if (L.kind === "dense") macs += inC * L.units;
    inC = shapes[i][shapes[i].length - 1];
  });
  return macs;
}
