#!/usr/bin/env bash
# A one-node Slurm on this machine, for trying `isda sweep --slurm` and for the cluster tests (idempotent).
#   up      installs what is missing (Debian's slurmctld, slurmd, slurm-client, munge), writes the munge key and
#           the slurm.conf of this one node where missing, starts munged, slurmctld and slurmd, and waits until
#           the node is idle
#   down    stops the three daemons
#   status  says which daemons run and what sinfo shows
# Needs root (or sudo). Without slurmdbd there is no accounting database: sacct says so, and `isda sweep
# --status` reads squeue and the run folders instead.
set -euo pipefail

conf=/etc/slurm/slurm.conf
key=/etc/munge/munge.key
logs=/var/log/slurm
spool=/var/spool/slurm
ready_timeout_s=60

say()  { printf '[slurm] %s\n' "$*"; }
fail() { printf '[slurm] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<'USAGE'
usage: scripts/slurm.sh up|down|status
  up      install (if missing), configure (if missing) and start a one-node Slurm; wait until its node is idle
  down    stop slurmd, slurmctld and munged
  status  the daemons running and sinfo's view
USAGE
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else fail "need root (or sudo) to run: $*"
  fi
}

running() { pgrep -x "$1" >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v slurmctld >/dev/null 2>&1 || [ -x /usr/sbin/slurmctld ] || missing+=(slurmctld)
  command -v slurmd >/dev/null 2>&1 || [ -x /usr/sbin/slurmd ] || missing+=(slurmd)
  command -v sbatch >/dev/null 2>&1 || missing+=(slurm-client)
  command -v munged >/dev/null 2>&1 || [ -x /usr/sbin/munged ] || missing+=(munge)
  [ "${#missing[@]}" -eq 0 ] && return
  say "installing ${missing[*]}"
  # The package lists may be empty on a fresh machine; only then are they fetched.
  if ! apt-cache show slurmd >/dev/null 2>&1; then as_root apt-get update -qq; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

write_munge_key() {
  [ -s "$key" ] && return
  say "writing $key"
  as_root install -d -o munge -g munge -m 700 /etc/munge
  as_root dd if=/dev/urandom of="$key" bs=1024 count=1 status=none
  as_root chown munge:munge "$key"
  as_root chmod 400 "$key"
}

start_munge() {
  running munged && return
  as_root install -d -o munge -g munge -m 755 /run/munge
  as_root install -d -o munge -g munge -m 700 /var/log/munge /var/lib/munge
  as_root runuser -u munge -- /usr/sbin/munged
}

# CPUs and RealMemory as slurmd measures them, so the node is never declared bigger than it is (slurmd would drain it).
node_line() {
  local measured cpus memory
  measured="$(/usr/sbin/slurmd -C 2>/dev/null | head -1 || true)"
  cpus="$(sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' <<<"$measured")"
  memory="$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$measured")"
  [ -n "$cpus" ] || cpus="$(nproc)"
  [ -n "$memory" ] || memory="$(free -m | awk '/^Mem:/ { print $2 }')"
  echo "NodeName=localhost CPUs=$cpus RealMemory=$memory State=UNKNOWN"
}

header="# One node, one partition: written by scripts/slurm.sh, which rewrites it (delete this line to keep your edits)."

conf_text() {
  cat <<CONF
$header
ClusterName=isda
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
# A requeued job waits this long (default 120 s) before it may start again: short here, where tests requeue.
AuthInfo=cred_expire=10
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# A requeued task (preempted, or past its time with its checkpoint saved) runs again.
JobRequeue=1
# No slurmdbd: no accounting database, so sacct has nothing to read.
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
StateSaveLocation=$spool/ctld
SlurmdSpoolDir=$spool/d
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$logs/slurmctld.log
SlurmdLogFile=$logs/slurmd.log
ReturnToService=2
$(node_line)
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
}

# Written where missing or where it is still this script's own and says something else; anyone's own file is kept.
write_conf() {
  local text
  text="$(conf_text)"
  if [ -s "$conf" ] && { [ "$(head -1 "$conf")" != "$header" ] || [ "$(cat "$conf")" = "$text" ]; }; then return; fi
  say "writing $conf"
  as_root install -d /etc/slurm
  printf '%s\n' "$text" | as_root tee "$conf" >/dev/null
  # Daemons already running read it again.
  if running slurmctld; then as_root scontrol reconfigure; fi
}

log_tails() {
  local log
  for log in "$logs/slurmctld.log" "$logs/slurmd.log" /var/log/munge/munged.log; do
    [ -f "$log" ] || continue
    printf -- '--- %s (last 20 lines)\n' "$log" >&2
    as_root tail -n 20 "$log" >&2
  done
}

wait_idle() {
  local deadline=$((SECONDS + ready_timeout_s)) state=""
  while [ "$SECONDS" -lt "$deadline" ]; do
    state="$(sinfo -h -n localhost -o %t 2>/dev/null || true)"
    case "$state" in
      idle|mix|alloc) return ;;
      # A node left down or drained by an earlier start is given back to service.
      down*|drain*) as_root scontrol update NodeName=localhost State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 1
  done
  log_tails
  fail "the node did not become idle within ${ready_timeout_s}s (sinfo: '${state:-no answer}')"
}

up() {
  local start=$SECONDS
  install_packages
  write_munge_key
  write_conf
  as_root install -d "$logs" "$spool/ctld" "$spool/d"
  start_munge
  running slurmctld || as_root /usr/sbin/slurmctld
  running slurmd || as_root /usr/sbin/slurmd -N localhost
  wait_idle
  say "up in $((SECONDS - start))s: partition debug, node localhost ($(sinfo -h -n localhost -o '%c CPUs, %m MB'))"
}

# Stops a daemon by the pid it runs as, and waits for it to be gone.
stop() {
  local name="$1" pid
  pid="$(pgrep -x "$name" || true)"
  [ -n "$pid" ] || return 0
  as_root kill $pid
  for _ in $(seq 1 50); do running "$name" || return 0; sleep 0.1; done
  fail "$name (pid $pid) did not stop"
}

down() {
  stop slurmd
  stop slurmctld
  stop munged
  say "stopped"
}

status() {
  local name
  for name in munged slurmctld slurmd; do
    if running "$name"; then say "$name: running"; else say "$name: stopped"; fi
  done
  if running slurmctld; then sinfo; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  -h|--help) usage ;;
  *) usage >&2; exit 2 ;;
esac
