#!/usr/bin/env bash
# A single-node Slurm cluster on localhost for the Slurm runner's integration tests (Debian 12, slurm-wlm;
# no systemd, no cgroups, no slurmdbd). Must run as root.
#   bash .ci/slurm.sh         install if missing, configure, start, wait until the node is idle
#   bash .ci/slurm.sh stop    stop the daemons this script started
set -euo pipefail
NODE=$(hostname -s)
RUN=/run/slurm

if [[ "${1:-}" == stop ]]; then
    for pid in $RUN/slurmd.pid $RUN/slurmctld.pid /run/munge/munged.pid; do
        [[ -f $pid ]] && kill "$(cat "$pid")" 2>/dev/null || true
    done
    exit 0
fi

if ! command -v slurmctld >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
# The controller and the node are both this host, which must resolve to loopback.
getent hosts "$NODE" >/dev/null || echo "127.0.0.1 $NODE" >> /etc/hosts

# munge authenticates every Slurm message.
[[ -s /etc/munge/munge.key ]] || mungekey -c -f
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
install -d -o munge -g munge -m 0755 /run/munge
install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid
    for _ in $(seq 1 20); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.5; done
fi

install -d -o slurm -g slurm /var/spool/slurmctld /var/log/slurm $RUN
install -d /var/spool/slurmd
CPUS=$(nproc)
MEM=$(( $(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 - 1024 ))
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=sciloop-ci
SlurmctldHost=${NODE}(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
# No cgroups in a container: track processes by their parent, run tasks without a plugin.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
# No slurmdbd: finished jobs go to a text log, which 'sacct -c' reads.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=/var/log/slurm/jobcomp.log
MinJobAge=300
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
DefMemPerCPU=512
NodeName=${NODE} NodeAddr=127.0.0.1 CPUs=${CPUS} RealMemory=${MEM} State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
chmod 644 /etc/slurm/slurm.conf

pgrep -x slurmctld >/dev/null || /usr/sbin/slurmctld
pgrep -x slurmd >/dev/null || /usr/sbin/slurmd
for _ in $(seq 1 60); do
    sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)' && break
    sleep 0.5
done
scontrol update NodeName="$NODE" State=RESUME >/dev/null 2>&1 || true
sinfo -h -o '%T' | grep -qE '^(idle|mixed|allocated)' || { echo "Slurm node did not come up" >&2; sinfo >&2; exit 1; }
sinfo
