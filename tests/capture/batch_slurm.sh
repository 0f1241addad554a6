#!/bin/bash
# doc/cluster.md's Slurm scripts on a real single-node Slurm (issue 12): this
# test starts munged, slurmctld and slurmd itself, with a generated
# slurm.conf and a munge key in a temporary folder, on free local ports;
# submits a study of a few small sets in 3 shards (a job array) and the
# dependent merge with the page's own limbvol-submit.sh; and checks that
# the merged results equal a single run's, byte for byte.  When Slurm
# cannot start here (not root, not installed, a daemon that does not come
# up) it says why and exits 77: ctest shows the test as skipped.
BATCH=$1 GEN=$2 LIMBVOL=$3 DOC=$4 WORK=$5
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
case $WORK in */*/*) ;; *) echo "refusing the work folder '$WORK'" >&2; exit 2 ;; esac

skip() {
	echo "SKIP: $*" >&2
	exit 77
}
[ "$(id -u)" -eq 0 ] || skip "slurmd must run as root here (CI runs as root)"
for c in munged mungekey slurmctld slurmd sbatch squeue sinfo scontrol; do
	command -v "$c" >/dev/null || skip "$c not found (scripts/install-deps.sh installs slurm-wlm and munge)"
done

rm -rf "$WORK"
mkdir -p "$WORK/study" "$WORK/bin"
WORK=$(cd "$WORK" && pwd)
# the daemons' folder: short, for the munge socket's path (108 bytes at most)
S=$(mktemp -d /tmp/lvslurm.XXXXXX)
export SLURM_CONF=$S/slurm.conf
started=0
stop() {
	if [ "$started" -eq 1 ]; then
		scontrol shutdown >/dev/null 2>&1
		for _ in $(seq 50); do
			[ -e "$S/slurmctld.pid" ] && kill -0 "$(cat "$S/slurmctld.pid")" 2>/dev/null || break
			sleep 0.1
		done
	fi
	for p in slurmd slurmctld; do
		[ -s "$S/$p.pid" ] && kill "$(cat "$S/$p.pid")" 2>/dev/null
	done
	[ -S "$S/munge.socket" ] && munged -s -S "$S/munge.socket" >/dev/null 2>&1
	rm -rf "$S" "$tmp"
}
trap stop EXIT

# a free local TCP port: none listening on it in /proc/net/tcp
free_port() {
	local p
	for _ in $(seq 100); do
		p=$((20000 + RANDOM % 40000))
		grep -qi ":$(printf '%04X' "$p") " /proc/net/tcp /proc/net/tcp6 2>/dev/null || { echo "$p"; return; }
	done
	echo 0
}

# ---- a study, and a single run over it: the reference ----
for i in 1 2 3 4; do
	mkdir -p "$WORK/study/site-$i"
	gen "$WORK/study/site-$i/p$i" --size 640x480 --seed $((70 + i)) --patient "S00$i" || exit 1
done
for d in site-1/broken site-3/broken x; do
	mkdir -p "$WORK/study/$d" && printf 'front=missing.jpg\n' >"$WORK/study/$d/manifest.txt"
done
cd "$WORK" || exit 1
"$BATCH" "$WORK/study" --out single.csv 2>/dev/null
[ "$(grep -c ',ok,' single.csv)" -eq 4 ] || { fail "the single run: 4 sets ok expected: $(cat single.csv)"; exit 1; }

# ---- the page's scripts, as they are there ----
for f in limbvol-shard.sbatch limbvol-merge.sbatch limbvol-submit.sh; do
	awk -v f="$f" '$0 == "<!-- file: " f " -->" { grab = 1; next }
		grab && /^```/ { if (inside) exit; inside = 1; next }
		grab && inside { print }' "$DOC" >"$WORK/$f"
	chmod +x "$WORK/$f"
	checks=$((checks + 1))
	[ -s "$WORK/$f" ] || fail "doc/cluster.md has no block for $f"
done
# limbvol on the PATH the jobs inherit
ln -sf "$LIMBVOL" "$WORK/bin/limbvol"
ln -sf "$BATCH" "$WORK/bin/limbvol-batch"
export PATH=$WORK/bin:$PATH

# ---- Slurm, started here ----
mungekey --create --keyfile="$S/munge.key" >/dev/null 2>&1 || skip "mungekey cannot create a key"
munged -f --key-file="$S/munge.key" --socket="$S/munge.socket" --pid-file="$S/munged.pid" \
	--log-file="$S/munged.log" --seed-file="$S/munged.seed" >/dev/null 2>&1 ||
	skip "munged does not start: $(tail -n 3 "$S/munged.log" 2>/dev/null)"
host=$(hostname -s)
mkdir -p "$S/state" "$S/spool"
cat >"$SLURM_CONF" <<EOF
ClusterName=limbvoltest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$S/munge.socket
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
# the node as the scripts ask for it (4 CPUs and 4 GB a task), whatever this machine has
SlurmdParameters=config_overrides
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=8 RealMemory=16000 State=UNKNOWN
PartitionName=limbvol Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
started=1
slurmctld -i >/dev/null 2>&1 || skip "slurmctld does not start: $(tail -n 3 "$S/slurmctld.log" 2>/dev/null)"
slurmd -N "$host" >/dev/null 2>&1 || skip "slurmd does not start: $(tail -n 3 "$S/slurmd.log" 2>/dev/null)"
for _ in $(seq 100); do
	sinfo -h -o '%T' 2>/dev/null | grep -q '^idle' && break
	sleep 0.2
done
sinfo -h -o '%T' 2>/dev/null | grep -q '^idle' ||
	skip "the Slurm node does not come up: $(sinfo 2>&1 | tail -n 2; tail -n 3 "$S/slurmd.log" "$S/slurmctld.log" 2>/dev/null)"

# ---- the study in 3 shards, then the merge ----
t0=$(date +%s%N)
merge_job=$(./limbvol-submit.sh "$WORK/study" "$WORK/results" 3 2>"$tmp/err")
checks=$((checks + 1))
[ -n "$merge_job" ] || fail "limbvol-submit.sh: no job submitted: $(cat "$tmp/err")"
for _ in $(seq 600); do
	[ -z "$(squeue -h 2>/dev/null)" ] && break
	sleep 0.2
done
ms=$((($(date +%s%N) - t0) / 1000000))
checks=$((checks + 1))
[ -z "$(squeue -h 2>/dev/null)" ] || fail "the jobs did not finish within 120 s: $(squeue)"
checks=$((checks + 1))
[ "$(ls limbvol-shard-*_*.log 2>/dev/null | wc -l)" -eq 3 ] || fail "three shard tasks ran: $(ls)"
checks=$((checks + 1))
grep -q 'shard 2/3' limbvol-shard-*_2.log 2>/dev/null || fail "task 2 ran shard 2/3: $(cat limbvol-shard-*_2.log)"
checks=$((checks + 1))
[ -e "limbvol-merge-$merge_job.log" ] || fail "the merge job ran after the array: $(ls)"
checks=$((checks + 1))
cmp -s results/results.csv single.csv ||
	fail "the merged results differ from a single run's: $(diff results/results.csv single.csv | head -5; cat limbvol-merge-*.log)"
echo "slurm: 3 shards and the merge of $(($(wc -l <single.csv) - 1)) sets in $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s from submission"
finish
