import { describe, expect, it } from "vitest";
import { classCounts } from "./dataset.js";
import { templatedImages } from "./templated.js";

describe("templatedImages", () => {
  it("has perClass images of every class, size×size bytes each", () => {
    const set = templatedImages({ perClass: 30 });
    expect(set.size).toBe(300);
    expect(set.width).toBe(16);
    expect(set.pixels.length).toBe(300 * 256);
    expect(classCounts(set)).toEqual(new Array(10).fill(30));
  });
  it("is a function of the seed", () => {
    const a = templatedImages({ perClass: 5, seed: 2 });
    expect(templatedImages({ perClass: 5, seed: 2 }).pixels).toEqual(a.pixels);
    expect(templatedImages({ perClass: 5, seed: 3 }).pixels).not.toEqual(a.pixels);
  });
  it("without noise, every image is its class template shifted by at most ±shift, zero elsewhere", () => {
    const set = templatedImages({ perClass: 20, noise: 0, classes: 3 });
    const side = 16;
    const image = (k: number) => set.pixels.subarray(k * 256, (k + 1) * 256);
    // The bounding box of the non-zero pixels locates the 12×12 template; shifts differ, content does not.
    const crop = (k: number) => {
      const px = image(k);
      let top = side;
      let left = side;
      for (let p = 0; p < 256; p++)
        if (px[p] > 0) {
          top = Math.min(top, Math.floor(p / side));
          left = Math.min(left, p % side);
        }
      expect(top).toBeGreaterThanOrEqual(0);
      expect(top).toBeLessThanOrEqual(4);
      expect(left).toBeLessThanOrEqual(4);
      return Array.from({ length: 144 }, (_, q) => px[(top + Math.floor(q / 12)) * side + left + (q % 12)]);
    };
    for (let c = 0; c < 3; c++) {
      const first = crop(20 * c);
      for (let r = 1; r < 20; r++) expect(crop(20 * c + r)).toEqual(first);
      if (c > 0) expect(first).not.toEqual(crop(0));
    }
  });
  it("refuses a canvas too small for the shifts", () => {
    expect(() => templatedImages({ size: 15 })).toThrow(
      /^size: must be at least templateSize \+ 2·shift = 16/,
    );
  });
});
