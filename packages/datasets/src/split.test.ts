import { describe, expect, it } from "vitest";
import { classCounts, fromTypedArrays } from "./dataset.js";
import { DEFAULT_SPLIT, stratifiedSplit } from "./split.js";
import { DatasetError } from "./types.js";

/** Unequal classes in shuffled order: 0:100, 1:37, 2:250, 3:13 images of 2 pixels. */
function unequalSet() {
  const sizes = [100, 37, 250, 13];
  const labels: number[] = sizes.flatMap((n, c) => Array.from({ length: n }, () => c));
  for (let i = 0; i < labels.length; i++) {
    const j = (i * 7919) % labels.length;
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  return fromTypedArrays({
    id: "unequal",
    width: 2,
    height: 1,
    classNames: ["a", "b", "c", "d"],
    pixels: new Uint8Array(labels.length * 2),
    labels: Uint8Array.from(labels),
  });
}

describe("stratifiedSplit", () => {
  const set = unequalSet();
  const spec = { seed: 3, validation: 0.1, test: 0.2 };
  const split = stratifiedSplit(set, spec);

  it("partitions the images: disjoint parts whose union is every index once", () => {
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: set.size }, (_, k) => k));
  });
  it("is stratified: each class split by round(n_c·fraction), counted from the labels", () => {
    const sizes = classCounts(set);
    expect(sizes).toEqual([100, 37, 250, 13]);
    expect(classCounts(set, split.test)).toEqual(sizes.map((n) => Math.round(n * 0.2)));
    expect(classCounts(set, split.validation)).toEqual(sizes.map((n) => Math.round(n * 0.1)));
    expect(classCounts(set, split.train)).toEqual(
      sizes.map((n) => n - Math.round(n * 0.2) - Math.round(n * 0.1)),
    );
    expect(split.counts.test).toEqual(classCounts(set, split.test));
  });
  it("is a function of the seed: the same seed twice gives the same split, another seed another", () => {
    const again = stratifiedSplit(set, { ...spec });
    expect([...again.test]).toEqual([...split.test]);
    expect([...again.train]).toEqual([...split.train]);
    const other = stratifiedSplit(set, { ...spec, seed: 4 });
    expect([...other.test]).not.toEqual([...split.test]);
    expect(other.counts).toEqual(split.counts);
  });
  it("records the spec it used (the default when none is given)", () => {
    expect(split.spec).toEqual(spec);
    expect(stratifiedSplit(set).spec).toEqual(DEFAULT_SPLIT);
  });
  it("refuses a bad split, naming the field", () => {
    const field = (raw: unknown) => {
      try {
        stratifiedSplit(set, raw);
      } catch (error) {
        expect(error).toBeInstanceOf(DatasetError);
        return (error as DatasetError).field;
      }
      throw new Error("expected a DatasetError");
    };
    expect(field({ seed: 0, validation: 0.1, test: 1.2 })).toBe("split.test");
    expect(field({ seed: -1, validation: 0.1, test: 0.2 })).toBe("split.seed");
    expect(field({ seed: 0, validation: 0.5, test: 0.5 })).toBe("split.validation");
    expect(field({ seed: 0, validation: 0.1, test: 0.2, train: 0.7 })).toBe("split");
    expect(field({ seed: 0, test: 0.2 })).toBe("split.validation");
  });
});
