#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for tests and CI: munged, slurmctld and slurmd as root,
# one partition holding this host with its real CPUs and memory, no accounting (so no sacct), state and
# logs under $PUPIL_SLURM_DIR (default /tmp/pupil-slurm). Idempotent: with the node already idle it
# only says so. Needs Debian's slurm-wlm and munge (apt-get install -y slurm-wlm munge) and root.
# Writes /etc/slurm/slurm.conf (where sbatch, squeue and sinfo look) unless one not written by this
# script is there, in which case it stops rather than overwrite a real cluster's config.
set -euo pipefail

dir=${PUPIL_SLURM_DIR:-/tmp/pupil-slurm}
conf=/etc/slurm/slurm.conf
marker="# written by pupil tests/slurm/start-cluster.sh"
started=$(date +%s.%N)

log() { echo "start-cluster: $*"; }
die() {
  echo "start-cluster: $*" >&2
  for f in "$dir/slurmctld.log" "$dir/slurmd.log"; do [ -f "$f" ] && tail -n 20 "$f" >&2; done
  exit 1
}

for cmd in munged slurmctld slurmd sinfo sbatch; do
  command -v "$cmd" >/dev/null || die "$cmd not found: apt-get install -y slurm-wlm munge"
done
[ "$(id -u)" = 0 ] || die "run as root (slurmd must start jobs as the submitting user)"

host=$(hostname -s)
node_idle() { sinfo -h -N -n "$host" -o '%T' 2>/dev/null | grep -qxE 'idle|mixed|allocated|completing'; }

# A pid file names a live daemon only if that pid still runs the daemon (pids are reused after a reboot).
alive() { [ -f "$1" ] && [ "$(cat "/proc/$(cat "$1")/comm" 2>/dev/null)" = "$(basename "$1" .pid)" ]; }
# (sinfo waits ~10 s for a controller that is not there: ask it only when both daemons run.)
if [ -f "$conf" ] && grep -qF "$marker" "$conf" && alive "$dir/slurmctld.pid" && alive "$dir/slurmd.pid" && node_idle; then
  log "cluster already up ($(sinfo -h -N -o '%N %T %c CPUs %m MB'))"
  exit 0
fi
if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
  die "$conf exists and was not written by this script; not touching a real cluster's config"
fi

mkdir -p "$dir/state" "$dir/spool"

# munge: the package creates /etc/munge/munge.key; make one if it is missing.
if [ ! -s /etc/munge/munge.key ]; then
  if command -v mungekey >/dev/null; then mungekey --create --force; else
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
  fi
  chown munge:munge /etc/munge/munge.key
  chmod 400 /etc/munge/munge.key
fi
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  # --force: start over a socket or lock a killed munged left behind.
  runuser -u munge -- munged --force || die "munged did not start"
  for _ in $(seq 50); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi
munge -n </dev/null | unmunge >/dev/null || die "munge does not round-trip a credential"

# The node line from slurmd itself: this host's real CPUs, sockets, cores and memory.
node_line=$(slurmd -C | head -n 1)
cat >"$conf" <<EOF
$marker
ClusterName=pupil
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
JobRequeue=1
ReturnToService=2
KillWait=10
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
$node_line State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

# A daemon from an earlier start read an older config: restart it so both read this one.
for d in slurmd slurmctld; do
  if alive "$dir/$d.pid"; then
    kill "$(cat "$dir/$d.pid")" || true
    for _ in $(seq 50); do alive "$dir/$d.pid" || break; sleep 0.1; done
  fi
done
slurmctld || die "slurmctld did not start"
# slurmd registers once at start and retries only after ~10 s: start it when the controller answers.
for _ in $(seq 150); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.2; done
slurmd || die "slurmd did not start"

for _ in $(seq 300); do
  if node_idle; then
    log "cluster up in $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $started}") s: $(sinfo -h -N -o '%N %T %c CPUs %m MB')"
    exit 0
  fi
  # A node that comes back DOWN after a restart is returned to service.
  if sinfo -h -N -n "$host" -o '%T' 2>/dev/null | grep -qE 'down|drain'; then
    scontrol update NodeName="$host" State=RESUME 2>/dev/null || true
  fi
  sleep 0.2
done
die "node $host not idle after 60 s: $(sinfo -N 2>&1)"
