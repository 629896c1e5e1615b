// The release flow for real, against a local npm registry: verdaccio 5 on 127.0.0.1 with no uplinks
// (nothing can reach the public registry), a scratch copy of the repository with a temporary changeset,
// `changeset version` (versions, CHANGELOG.md) and `changeset publish` with the registry overridden.
// Then, in empty projects outside the workspace, packages are installed BY NAME from that registry
// (only the @pupil scope points there; third-party dependencies come from the usual registry):
// @pupil/dynamics alone, then its README example; @pupil/plugin with a plugin package; @pupil/cli,
// with `npx pupil presets` and a short `pupil run`.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";
import { readmeExample, runnableModule } from "../../support/readme-example.js";

const root = join(import.meta.dirname, "..", "..", "..");
const here = join(import.meta.dirname, "..");
const verdaccioBin = join(here, "node_modules", "verdaccio", "bin", "verdaccio");
const changesetBin = join(here, "node_modules", "@changesets", "cli", "bin.js");

const publishable = ["packages", "plugins", "apps"].flatMap((group) =>
  readdirSync(join(root, group))
    .map((d) => join(group, d))
    .filter((dir) => existsSync(join(root, dir, "package.json")))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ dir, manifest }) => ({ dir, name: manifest.name as string })),
);

let work = "";
let repo = "";
let registryUrl = "";
let verdaccio: ChildProcess | undefined;
const timings: string[] = [];

function sh(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  try {
    return execFileSync(cmd, args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CI: "true", FORCE_COLOR: "0", ...env },
      timeout: 600_000,
    });
  } catch (error) {
    const e = error as Error & { stderr?: string; stdout?: string };
    throw new Error(`${cmd} ${args.join(" ")} in ${cwd}:\n${e.stdout ?? ""}\n${e.stderr || e.message}`);
  }
}

function timed<T>(what: string, fn: () => T): T {
  const t0 = Date.now();
  const out = fn();
  timings.push(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startVerdaccio(): Promise<void> {
  const port = await freePort();
  registryUrl = `http://127.0.0.1:${port}/`;
  const config = join(work, "verdaccio.yaml");
  writeFileSync(
    config,
    [
      `storage: ${join(work, "storage")}`,
      "auth:",
      "  htpasswd:",
      `    file: ${join(work, "htpasswd")}`,
      "    max_users: 10",
      "uplinks: {}", // no proxying: a name it does not hold is a 404, never a fetch from the public registry
      "packages:",
      '  "**":',
      "    access: $all",
      "    publish: $authenticated",
      "    unpublish: $authenticated",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  let log = "";
  verdaccio = spawn(process.execPath, [verdaccioBin, "--config", config, "--listen", `127.0.0.1:${port}`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  verdaccio.stdout?.on("data", (d) => {
    log += d;
  });
  verdaccio.stderr?.on("data", (d) => {
    log += d;
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`${registryUrl}-/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    if (verdaccio.exitCode !== null || Date.now() > deadline)
      throw new Error(`verdaccio did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** GET JSON; once more on a fresh connection if the server closed an idle kept-alive one. */
async function getJson(url: string): Promise<unknown> {
  try {
    return await (await fetch(url)).json();
  } catch {
    return await (await fetch(url)).json();
  }
}

/** A throwaway user, created the way `npm adduser` does; its token authorizes publishing. */
async function publishToken(): Promise<string> {
  const res = await fetch(`${registryUrl}-/user/org.couchdb.user:pupil-ci`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "pupil-ci", password: "throwaway-password", type: "user" }),
  });
  const body = (await res.json()) as { token?: string };
  if (!body.token) throw new Error(`verdaccio adduser: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** Only the @pupil scope comes from the local registry. */
function consumer(name: string): { dir: string; env: Record<string, string> } {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }));
  writeFileSync(join(work, `${name}.npmrc`), `@pupil:registry=${registryUrl}\n`);
  return { dir, env: { npm_config_userconfig: join(work, `${name}.npmrc`) } };
}

const npmInstall = (c: { dir: string; env: Record<string, string> }, names: string[]) =>
  sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...names], c.dir, c.env);

const installedPupil = (dir: string) => readdirSync(join(dir, "node_modules", "@pupil")).sort();
const version = (dir: string, name: string) =>
  JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")).version as string;

const published = new Map<string, string>();

beforeAll(async () => {
  buildWorkspaceOnce();
  work = mkdtempSync(join(tmpdir(), "pupil-registry-"));
  repo = join(work, "repo");
  mkdirSync(repo);
  await startVerdaccio();
  const token = await publishToken();

  // A scratch copy of the repository as committed or staged, plus the built dist folders.
  timed("copy the repository", () => {
    const files = sh("git", ["ls-files", "--cached", "--others", "--exclude-standard"], root)
      .trim()
      .split("\n");
    const dists = publishable.flatMap(({ dir }) =>
      sh("find", [join(dir, "dist"), "-type", "f"], root)
        .trim()
        .split("\n"),
    );
    writeFileSync(
      join(work, "files.txt"),
      `${[...files, ...dists].filter((f) => f && existsSync(join(root, f))).join("\n")}\n`,
    );
    execFileSync("bash", ["-c", `tar -cf - -T "${join(work, "files.txt")}" | tar -xf - -C "${repo}"`], {
      cwd: root,
    });
  });
  // Publishing goes to the local registry whatever the environment says: project .npmrc and each
  // manifest's publishConfig.registry, besides npm_config_registry.
  writeFileSync(
    join(repo, ".npmrc"),
    `registry=${registryUrl}\n${registryUrl.replace(/^http:/, "")}:_authToken=${token}\n`,
  );
  for (const { dir } of publishable) {
    const file = join(repo, dir, "package.json");
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    manifest.publishConfig = { ...manifest.publishConfig, registry: registryUrl };
    writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  sh("git", ["init", "-q"], repo);
  sh("git", ["add", "-A"], repo);
  sh("git", ["-c", "user.name=ci", "-c", "user.email=ci@localhost", "commit", "-qm", "scratch copy"], repo);
  // pnpm publish resolves workspace: ranges from installed workspace links; the store has everything.
  timed("pnpm install --offline in the copy", () =>
    sh("pnpm", ["install", "--offline", "--frozen-lockfile", "--ignore-scripts"], repo),
  );
  writeFileSync(
    join(repo, ".changeset", "registry-rehearsal.md"),
    `---\n${publishable.map((p) => `"${p.name}": patch`).join("\n")}\n---\n\nRelease rehearsal against a local registry.\n`,
  );
}, 900_000);

afterAll(() => {
  verdaccio?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
  console.log(`registry timings:\n  ${timings.join("\n  ")}`);
});

describe("the changesets release flow", () => {
  it("changeset version bumps every publishable package and writes its CHANGELOG.md", () => {
    const before = new Map(
      publishable.map((p) => [
        p.name,
        JSON.parse(readFileSync(join(repo, p.dir, "package.json"), "utf8")).version,
      ]),
    );
    timed("changeset version", () => sh("node", [changesetBin, "version"], repo));
    for (const { dir, name } of publishable) {
      const after = JSON.parse(readFileSync(join(repo, dir, "package.json"), "utf8")).version as string;
      expect(after, name).not.toBe(before.get(name));
      const changelog = readFileSync(join(repo, dir, "CHANGELOG.md"), "utf8");
      expect(changelog).toContain(`# ${name}`);
      expect(changelog).toContain(`## ${after}`);
      published.set(name, after);
    }
    expect(
      readdirSync(join(repo, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md"),
    ).toEqual([]);
  }, 300_000);

  it("changeset publish puts every package on the local registry", async () => {
    // As `pnpm release` does, build after versioning: the bundled CLI bin carries the versions it is built
    // with (the other packages' dist holds no version). The rest was built before the copy.
    timed("rebuild @pupil/cli after versioning", () =>
      sh("pnpm", ["--filter", "@pupil/cli", "run", "build"], repo),
    );
    const out = timed("changeset publish", () =>
      sh("node", [changesetBin, "publish"], repo, { npm_config_registry: registryUrl }),
    );
    expect(out).toContain("packages published successfully");
    for (const [name, v] of published) {
      const meta = (await getJson(`${registryUrl}${name.replace("/", "%2f")}`)) as {
        "dist-tags": { latest: string };
      };
      expect(meta["dist-tags"].latest, name).toBe(v);
    }
    // The public registry's name for our scope was never asked for: nothing proxies.
    expect(readdirSync(join(work, "storage", "@pupil")).sort()).toEqual(
      [...published.keys()].map((n) => n.replace("@pupil/", "")).sort(),
    );
  }, 600_000);
});

describe("install by name outside the workspace", () => {
  it("@pupil/dynamics alone, then its README example", () => {
    const c = consumer("dynamics-alone");
    timed("npm install @pupil/dynamics", () => npmInstall(c, ["@pupil/dynamics"]));
    expect(installedPupil(c.dir)).toEqual(["dynamics", "plugin", "tensors"]);
    expect(version(c.dir, "@pupil/dynamics")).toBe(published.get("@pupil/dynamics"));
    const imported = sh(
      "node",
      [
        "--input-type=module",
        "-e",
        `const m = await import("@pupil/dynamics"); console.log(typeof m.integrateOde)`,
      ],
      c.dir,
    );
    expect(imported.trim()).toBe("function");
    // The README's example imports what its Install line names besides.
    const example = readmeExample(join(root, "packages", "dynamics", "README.md"))!;
    const extra = [...example.code.matchAll(/from "(@pupil\/[^"/]+)/g)]
      .map((m) => m[1])
      .filter((n) => n !== "@pupil/dynamics");
    if (extra.length > 0) npmInstall(c, [...new Set(extra)]);
    writeFileSync(join(c.dir, "example.mjs"), runnableModule(example));
    const out = sh("node", ["example.mjs"], c.dir);
    const rows = out
      .trim()
      .split("\n")
      .map((l) => l.split(" ").map(Number));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.at(-1)![0]).toBe(500); // α reaches alphaMax
    expect(rows.at(-1)![1]).toBeLessThan(rows[0][1]); // eg fell
  }, 600_000);

  it("@pupil/plugin with a plugin package runs the plugin README's example", () => {
    const c = consumer("plugin-and-pack");
    timed("npm install @pupil/plugin @pupil/plugin-activations", () =>
      npmInstall(c, ["@pupil/plugin", "@pupil/plugin-activations"]),
    );
    // The plugin package brings @pupil/tensors (its kernels) and nothing else of pupil.
    expect(installedPupil(c.dir)).toEqual(["plugin", "plugin-activations", "tensors"]);
    writeFileSync(
      join(c.dir, "example.mjs"),
      runnableModule(readmeExample(join(root, "packages", "plugin", "README.md"))!),
    );
    const out = sh("node", ["example.mjs"], c.dir);
    expect(out).toMatch(/false/); // closedForm: softplus has no closed forms, so quadrature answered
  }, 600_000);

  it("@pupil/cli: npx pupil presets and a short pupil run", () => {
    const c = consumer("cli");
    timed("npm install @pupil/cli", () => npmInstall(c, ["@pupil/cli"]));
    expect(version(c.dir, "@pupil/cli")).toBe(published.get("@pupil/cli"));
    const presets = sh("npx", ["--no-install", "pupil", "presets"], c.dir, c.env);
    expect(presets).toContain("quadratic-escape");
    const run = timed("npx pupil run (short)", () =>
      sh(
        "npx",
        [
          "--no-install",
          "pupil",
          "run",
          "quadratic-escape",
          "--set",
          "N=200",
          "--set",
          "alphaMax=10",
          "--out",
          "r",
        ],
        c.dir,
        c.env,
      ),
    );
    expect(run).toContain("run directory:");
    const summary = JSON.parse(readFileSync(join(c.dir, "r", "summary.json"), "utf8"));
    expect(summary.status).toBe("done");
    expect(
      JSON.parse(readFileSync(join(c.dir, "r", "config.json"), "utf8")).pupil.versions["@pupil/experiments"],
    ).toBe(published.get("@pupil/experiments"));
  }, 600_000);
});
