// Recognising the activations that have dedicated closed-form paths: by the family they declare
// (ActivationPlugin.family), confirmed by value so a wrong declaration cannot pick a wrong route. Never by id.
import type { ActivationPlugin } from "@pupil/plugin";

/** Declares family "quadratic" and is g(z) = z². */
export function isQuadratic(g: ActivationPlugin): boolean {
  return g.family === "quadratic" && g.f(1.5) === 2.25 && g.f(-0.5) === 0.25;
}

/** Declares family "erf" and is g(z) = erf(z/√2); erf(1/√2) = 0.682689492137086. */
export function isErf(g: ActivationPlugin): boolean {
  return (
    g.family === "erf" &&
    Math.abs(g.f(1) - 0.682689492137086) < 1e-9 &&
    Math.abs(g.f(-2) + 0.954499736103642) < 1e-9
  );
}

/**
 * The same function for the integrals' purposes: the same object, the same declared (and confirmed)
 * family, or the same plugin (equal ids) configured with the same values.
 */
export function sameActivation(g: ActivationPlugin, h: ActivationPlugin): boolean {
  if (g === h) return true;
  if ((isQuadratic(g) && isQuadratic(h)) || (isErf(g) && isErf(h))) return true;
  if (g.id !== h.id) return false;
  const gv = g.values ?? {};
  const hv = h.values ?? {};
  const keys = new Set([...Object.keys(gv), ...Object.keys(hv)]);
  for (const key of keys) if (gv[key] !== hv[key]) return false;
  return true;
}
