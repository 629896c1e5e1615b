// The pack's run presets (`pupil presets` lists them): distillation on Fashion-MNIST with the built-in
// ResNet-8-like teacher and VGG-like student (recorded in the resolved config). `distill-compare` is the base
// of the method comparison: sweep it over the loss and seeds,
//   pupil sweep distill-compare --grid 'distill.loss=[null,"kd","fitnets","attention","factor-transfer"]' --seeds 3
import type { PackPreset } from "@pupil/plugin";

const PAPER_KD = "Hinton, Vinyals & Dean 2015, Distilling the Knowledge in a Neural Network";
const PAPER_FITNETS = "Romero et al. 2015, FitNets: Hints for Thin Deep Nets";
const PAPER_AT = "Zagoruyko & Komodakis 2017, Paying More Attention to Attention";
const PAPER_FT =
  "Kim, Park & Kwak 2018, Paraphrasing Complex Network: Network Compression via Factor Transfer";

/** Fashion-MNIST, seeded stratified split, a balanced subset so a run takes minutes on two cores. */
const base = (name: string, loss: unknown) => ({
  name,
  kind: "distill",
  seed: 0,
  lr: 0.002,
  checkpoint: { every: 1 },
  distill: {
    data: {
      dataset: "fashion-mnist",
      split: { seed: 0, validation: 0.1, test: 0.15 },
      trainSize: 6000,
      testSize: 2000,
    },
    teacher: { epochs: 6 },
    student: { epochs: 6 },
    preStage: { epochs: 3 },
    taps: { student: ["features"], teacher: ["features"] },
    loss,
    optimizer: "adam",
    batchSize: 64,
    evalBatch: 500,
  },
});

export const presets: readonly PackPreset[] = [
  {
    name: "distill-kd",
    title:
      "Hinton KD (T = 4, α = 0.9 on the KL term) from a ResNet-8-like teacher to a VGG-like student, Fashion-MNIST",
    paper: PAPER_KD,
    config: base("distill-kd", { id: "kd", params: { temperature: 4, alpha: 0.9, gamma: 0.1 } }),
  },
  {
    name: "distill-fitnets",
    title: "FitNets hint on the last feature map (3×3 conv regressor, β = 100), Fashion-MNIST",
    paper: PAPER_FITNETS,
    config: base("distill-fitnets", { id: "fitnets", params: { beta: 100 } }),
  },
  {
    name: "distill-at",
    title: "Attention transfer on the last feature map (β = 1000), Fashion-MNIST",
    paper: PAPER_AT,
    config: base("distill-at", { id: "attention", params: { beta: 1000 } }),
  },
  {
    name: "factor-transfer",
    title: "Factor transfer: paraphraser (k = 0.5) trained first, then student + translator (β = 500, p = 1)",
    paper: PAPER_FT,
    config: base("factor-transfer", { id: "factor-transfer", params: { beta: 500, p: 1 } }),
  },
  {
    name: "distill-compare",
    title:
      "Base of the method comparison (plain student): sweep distill.loss over null, kd, fitnets, attention, factor-transfer × seeds",
    paper: `${PAPER_FT}; ${PAPER_KD}; ${PAPER_FITNETS}; ${PAPER_AT}`,
    config: base("distill-compare", null),
  },
];
