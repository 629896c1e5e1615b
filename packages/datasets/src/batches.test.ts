import { describe, expect, it } from "vitest";
import { BatchStream, fitNormalization } from "./batches.js";
import { fromTypedArrays } from "./dataset.js";
import { DatasetError } from "./types.js";

// 10 images of 2×2, pixel values 10·k + i, labels k mod 3.
const set = fromTypedArrays({
  id: "tiny",
  width: 2,
  height: 2,
  classNames: ["a", "b", "c"],
  pixels: Uint8Array.from({ length: 40 }, (_, p) => 10 * Math.floor(p / 4) + (p % 4)),
  labels: Uint8Array.from({ length: 10 }, (_, k) => k % 3),
});
const part = Uint32Array.from([0, 2, 3, 5, 7, 8, 9]);

function epochImages(stream: BatchStream): number[][] {
  const seen: number[][] = [];
  while (stream.next() > 0)
    for (let b = 0; b < stream.size; b++) seen.push([...stream.x.subarray(4 * b, 4 * b + 4)]);
  return seen;
}

describe("BatchStream", () => {
  it("fills x with (pixel/255 − mean)/std and y one-hot, every image of the part once per epoch", () => {
    const norm = { mean: 0.1, std: 0.5 };
    const stream = new BatchStream(set, part, { batchSize: 3, seed: 1, normalization: norm });
    expect(stream.batchesPerEpoch).toBe(3);
    const sizes: number[] = [];
    const images: number[] = [];
    while (stream.next() > 0) {
      sizes.push(stream.size);
      for (let b = 0; b < stream.size; b++) {
        const k = (stream.x[4 * b] * norm.std + norm.mean) * 255; // pixel 0 of image k is 10·k
        const image = Math.round(k / 10) || 0; // || 0: no −0 from rounding
        images.push(image);
        for (let i = 0; i < 4; i++)
          expect(stream.x[4 * b + i]).toBeCloseTo(((10 * image + i) / 255 - norm.mean) / norm.std, 6);
        expect([...stream.y.subarray(3 * b, 3 * b + 3)]).toEqual(
          [0, 1, 2].map((c) => (c === image % 3 ? 1 : 0)),
        );
        expect(stream.labels[b]).toBe(image % 3);
      }
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(images.sort((a, b) => a - b)).toEqual([...part]);
  });
  it("reuses its buffers: the same Float32Array every batch and every epoch", () => {
    const stream = new BatchStream(set, part, { batchSize: 4 });
    const { x, y, order } = stream;
    stream.next();
    stream.startEpoch(5);
    stream.next();
    expect(stream.x).toBe(x);
    expect(stream.y).toBe(y);
    expect(stream.order).toBe(order);
  });
  it("shuffles per epoch, deterministically per seed; shuffle: false keeps the part's order", () => {
    const a = new BatchStream(set, part, { batchSize: 2, seed: 9 });
    const b = new BatchStream(set, part, { batchSize: 2, seed: 9 });
    a.startEpoch(3);
    b.startEpoch(3);
    expect(epochImages(a)).toEqual(epochImages(b));
    a.startEpoch(3);
    const third = [...a.order];
    a.startEpoch(4);
    expect([...a.order]).not.toEqual(third);
    const c = new BatchStream(set, part, { batchSize: 2, seed: 10 });
    c.startEpoch(3);
    expect([...c.order]).not.toEqual(third);
    const plain = new BatchStream(set, part, { batchSize: 2, shuffle: false });
    expect([...plain.order]).toEqual([...part]);
  });
  it("fits the normalization on the given images against a direct two-pass computation", () => {
    const fit = fitNormalization(set, part);
    const values = [...part].flatMap((k) => [0, 1, 2, 3].map((i) => (10 * k + i) / 255));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    expect(fit.mean).toBeCloseTo(mean, 12);
    expect(fit.std).toBeCloseTo(std, 12);
  });
  it("refuses bad options, naming the field", () => {
    expect(() => new BatchStream(set, part, { batchSize: 0 })).toThrow(/^batchSize:/);
    expect(() => new BatchStream(set, Uint32Array.from([10]), { batchSize: 1 })).toThrow(/^indices:/);
    expect(() => new BatchStream(set, part, { batchSize: 1, normalization: { mean: 0, std: 0 } })).toThrow(
      DatasetError,
    );
  });
});
