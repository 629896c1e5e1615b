// What npm shows for each publishable package: a license matching the repository's LICENSE, the
// repository with the package's own folder, a homepage, keywords, and a README with Install and Example.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const packages = ["packages", "plugins", "apps"].flatMap((group) =>
  readdirSync(join(root, group))
    .map((d) => `${group}/${d}`)
    .filter((dir) => existsSync(join(root, dir, "package.json")))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) }))
    .filter(({ manifest }) => !manifest.private),
);

describe("package metadata", () => {
  it("the repository has an MIT LICENSE", () => {
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(/^MIT License/);
    expect(rootManifest.license).toBe("MIT");
  });

  it.each(packages.map((p) => [p.manifest.name, p.dir, p.manifest]))("%s", (_name, dir, manifest) => {
    expect(manifest.license).toBe("MIT");
    expect(manifest.repository).toEqual({ type: "git", url: rootManifest.repository.url, directory: dir });
    expect(manifest.homepage).toMatch(new RegExp(`/tree/main/${dir}#readme$`));
    expect(manifest.keywords.length).toBeGreaterThan(3);
    const readme = readFileSync(join(root, dir, "README.md"), "utf8");
    expect(readme).toMatch(/^## Install$/m);
    expect(readme).toMatch(/^## Example$/m);
  });
});
