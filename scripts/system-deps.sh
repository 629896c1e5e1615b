#!/usr/bin/env bash
# The Debian packages pupil's tests drive for real: Chromium (the playground's browser tests) and Slurm
# with munge (a single-node cluster for the sweep tests). Installed with apt-get when this runs as root
# on a Debian-like machine and they are missing; anywhere else it says what is missing and carries on,
# and the suites that need them skip saying why (never under CI=true).
set -uo pipefail
want=()
command -v chromium >/dev/null || want+=(chromium)
{ command -v sbatch >/dev/null && command -v slurmd >/dev/null; } || want+=(slurm-wlm)
command -v munged >/dev/null || want+=(munge)
if [ ${#want[@]} -eq 0 ]; then
  echo "system-deps: chromium, slurm-wlm and munge are installed"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "system-deps: missing ${want[*]}; install them as root (apt-get install -y ${want[*]}) to run the browser and Slurm tests"
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi
for attempt in 1 2 3; do
  DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want[@]}" </dev/null && {
    echo "system-deps: installed ${want[*]}"
    exit 0
  }
  echo "system-deps: apt-get install ${want[*]}: attempt $attempt failed; retrying"
  sleep $((attempt * 10))
done
exit 1
