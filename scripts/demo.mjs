// `pnpm demo` (foundation stage): builds a registry from the built-in activations, freezes it, and prints
// a few Gaussian integrals in closed form beside their quadrature counterparts.
import { createRegistry, resolveIntegrals } from "@pupil/plugin";
import activations from "@pupil/plugin-activations";

const registry = createRegistry().use(activations).freeze();
const C = { n: 3, data: [1.0, 0.4, 0.25, 0.4, 0.8, -0.3, 0.25, -0.3, 1.2] };
const rows = [];
for (const plugin of registry.list("activation")) {
  const closed = resolveIntegrals(plugin);
  const numeric = resolveIntegrals(plugin, { closedForms: false });
  for (const [name, args] of [
    ["I2", [0, 1]],
    ["J2", [0, 2]],
    ["I3", [0, 1, 2]],
    ["I4", [0, 1, 1, 2]],
  ]) {
    const c = closed[name](C, ...args);
    const q = numeric[name](C, ...args);
    rows.push({
      activation: plugin.id,
      integral: `${name}(${args.join(",")})`,
      "closed form": closed.closedForm?.[name] ? c.toPrecision(10) : "—",
      quadrature: q.toPrecision(10),
      "|diff|": closed.closedForm?.[name] ? Math.abs(c - q).toExponential(1) : "",
    });
  }
}
console.log(`pupil: registry frozen with ${registry.list("activation").length} activations`);
console.log("Gaussian integrals at u ~ N(0, C), C = [[1, .4, .25], [.4, .8, -.3], [.25, -.3, 1.2]]:");
console.table(rows);
