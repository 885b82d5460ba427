#!/bin/bash
# End-to-end test of the Slurm path on this machine: installs Debian's slurm-wlm and munge when missing, starts
# munged, slurmctld and slurmd on localhost (a private configuration in a temporary folder), submits a contingency
# array of 3 shards and a merge job that depends on it, and compares the merged result with one unsharded run.
# Run as root from a checkout: bash deploy/slurm/test-local.sh [GRID] [SHARDS]. Exit 0 when they are equal.
set -euo pipefail
cd "$(dirname "$0")/../.."
grid=${1:-grids/case118.m}
shards=${2:-3}
if ! command -v slurmctld > /dev/null || ! command -v munged > /dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge
fi
if [ -z "${GRIDTWIN:-}" ]; then
  swift build -c release --product gridtwin
  GRIDTWIN=$PWD/.build/release/gridtwin
fi
export GRIDTWIN
work=$(mktemp -d /tmp/gridtwin-slurm.XXXXXX)
cleanup() {
  for daemon in slurmd slurmctld munged; do
    [ -f "$work/$daemon.pid" ] && kill "$(cat "$work/$daemon.pid")" 2> /dev/null || true
  done
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/results"
chmod 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
socket=$work/munge/munge.socket
munged --force --key-file "$work/munge/munge.key" --socket "$socket" --pid-file "$work/munged.pid" \
  --log-file "$work/munged.log" --seed-file "$work/munge/seed"
cpus=$(nproc)
memory=$(( $(awk '/MemTotal/ { print $2 }' /proc/meminfo) / 1024 - 512 ))
cat > "$work/slurm.conf" <<CONF
ClusterName=gridtwin-test
SlurmctldHost=localhost
SlurmUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
NodeName=localhost CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=60 State=UP
CONF
export SLURM_CONF=$work/slurm.conf
slurmctld
slurmd
# Wait (at most a minute) for the node to be idle.
for _ in $(seq 60); do
  sinfo -h -o %T 2> /dev/null | grep -q idle && break
  sleep 1
done
sinfo -h -o %T | grep -q idle || { echo "slurm: the node did not come up"; cat "$work/slurmd.log" "$work/slurmctld.log"; exit 1; }
array=$(sbatch --parsable --array=0-$((shards - 1)) --chdir="$work" deploy/slurm/contingency-array.sbatch \
  "$PWD/$grid" "$work/results")
parts=$(for i in $(seq 0 $((shards - 1))); do printf '%s ' "$work/results/part-$i.json"; done)
merge=$(sbatch --parsable --dependency=afterok:"$array" --chdir="$work" --job-name=gridtwin-merge \
  --wrap="$GRIDTWIN merge $parts -o $work/results/merged.json")
# Wait (at most 10 minutes) for both jobs to leave the queue.
for _ in $(seq 600); do
  [ -z "$(squeue -h -j "$array,$merge" 2> /dev/null)" ] && break
  sleep 1
done
[ -f "$work/results/merged.json" ] || { echo "slurm: no merged result"; cat "$work"/*.out 2> /dev/null; exit 1; }
"$GRIDTWIN" contingency "$grid" --format json > "$work/unsharded.json" || [ $? -eq 1 ]
python3 - "$work/results/merged.json" "$work/unsharded.json" <<'PY'
import json, sys
merged, single = (json.load(open(path)) for path in sys.argv[1:3])
for document in (merged, single):
    for key in ("wall_seconds", "ms_per_outage", "workers"):
        document.pop(key)
if merged != single:
    sys.exit("slurm: the merged result differs from the unsharded run")
print(f"slurm: {len(merged['contingencies'])} outages in {sys.argv[1]} equal the unsharded run")
PY
