import { describe, expect, it } from "vitest";
import { type PixelJsonFormat, parsePixelJson } from "./parse.js";
import { DatasetError } from "./types.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const rows: PixelJsonFormat = { imageSize: 3, values: "byte", layout: "rows" };
const flat: PixelJsonFormat = { imageSize: 2, values: "unit", layout: "flat" };

describe("parsePixelJson", () => {
  it("reads rows of bytes exactly as JSON.parse does", () => {
    const text = '{"data": [[0, 7, 255],\n [12,3,200]]}';
    const expected = (JSON.parse(text).data as number[][]).flat();
    const parsed = parsePixelJson(bytes(text), rows, "f");
    expect([...parsed.pixels]).toEqual(expected);
    expect(parsed.emptyRows).toEqual([]);
  });
  it("maps fractions b/255 rounded to 3 decimals back to b for every byte value", () => {
    const values = Array.from({ length: 256 }, (_, b) => Number((b / 255).toFixed(3)));
    const text = JSON.stringify({ data: values });
    expect([...parsePixelJson(bytes(text), flat, "f").pixels]).toEqual(
      Array.from({ length: 256 }, (_, b) => b),
    );
  });
  it("skips empty rows and records where they were", () => {
    const parsed = parsePixelJson(bytes('{"data":[[1,2,3],[],[4,5,6],[]]}'), rows, "f");
    expect([...parsed.pixels]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parsed.emptyRows).toEqual([1, 3]);
  });
  it("names the file and the problem for bad input", () => {
    const bad =
      (text: string, format = rows) =>
      () =>
        parsePixelJson(bytes(text), format, "clothes/3.json");
    expect(bad('{"data": [[1,2]]}')).toThrow(/clothes\/3\.json: row 0 has 2 values, expected 3/);
    expect(bad('{"data": [[1,2,256]]}')).toThrow(/not a byte 0–255/);
    expect(bad('{"data": [[1,2,3.5]]}')).toThrow(/not a byte/);
    expect(bad('{"data": [[1,2,-3]]}')).toThrow(/unexpected character "-"/);
    expect(bad('{"data": [[1,2,3]')).toThrow(/not closed/);
    expect(bad('{"rows": []}')).toThrow(/no "data" array/);
    expect(bad('{"data": [0.5, 0.2, 0.1]}', flat)).toThrow(
      /3 values is not a whole number of 2-value images/,
    );
    expect(bad('{"data": [[1,2]]}')).toThrow(DatasetError);
  });
});
