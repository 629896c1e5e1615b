// What the run computes on, as its source declares it (Source.kernel): the simulation's SGD kernel, or the
// tfjs backend a distill run trains its conv nets on.
export function KernelBadge({ kernel }: { kernel: string }) {
  const tfjs = /^tfjs-(.+)$/.exec(kernel);
  if (tfjs)
    return (
      <span title="The tfjs backend the teacher and student train on">
        {" "}
        · trains on <b data-testid="kernel">tfjs {tfjs[1]}</b>
      </span>
    );
  return (
    <span title="The simulation's SGD step kernel">
      {" "}
      · SGD kernel <b data-testid="kernel">{kernel === "wasm" ? "wasm SIMD" : kernel}</b>
    </span>
  );
}
