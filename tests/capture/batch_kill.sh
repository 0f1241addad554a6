#!/bin/bash
# Durability of limbvol batch --db (issue 14): the batch is killed with
# SIGKILL at random moments, KILLS times; after each kill the store opens and
# passes PRAGMA integrity_check, and the batch is resumed (and maybe killed
# again) until it completes.  Each completed batch must equal an
# uninterrupted run: the same result rows in the same order (by the sets'
# paths, however the runs were cut) and the same measurements in the store, each set recorded once;
# no temporary file is left behind.  Tiny sets keep it to seconds.
# Every other kill comes as soon as the run has added a row to its journal:
# progress between kills, so batches complete however slow the machine is
# against the uninterrupted run that set the random moments.
BATCH=$1 GEN=$2 WORK=$3 KILLS=${4:-50}
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
case $WORK in */*/*) ;; *) echo "refusing the work folder '$WORK'" >&2; exit 2 ;; esac
rm -rf "$WORK"
mkdir -p "$WORK/sets"
command -v sqlite3 >/dev/null || { fail "sqlite3 is needed (scripts/install-deps.sh)"; finish; exit; }

for i in 1 2 3 4; do
	gen "$WORK/sets/s$i" --size 640x480 --seed $((40 + i)) --patient "K00$i" \
		--date "2026-02-0$i" || exit 1
done

# what a store holds, one line per measurement, in a stable order
store_rows() {
	sqlite3 "$1" "select m.source, m.date, m.phase, m.method, m.volume_ml, m.sd_ml,
		(select count(*) from site s where s.measurement_id = m.id)
		from measurement m order by m.source, m.id"
}
result_rows() { tail -n +2 "$1"; }

t0=$(date +%s%N)
run "$BATCH" "$WORK/sets" --jobs 2 --db "$WORK/ref.db" --out "$WORK/ref.csv"
expect_status 0 "the uninterrupted run"
ref_ms=$((($(date +%s%N) - t0) / 1000000))
span_ms=$((ref_ms * 4 / 5 + 20))
store_rows "$WORK/ref.db" >"$WORK/ref.store"
result_rows "$WORK/ref.csv" >"$WORK/ref.rows"
checks=$((checks + 1))
[ "$(wc -l <"$WORK/ref.rows")" -eq 4 ] && [ "$(wc -l <"$WORK/ref.store")" -eq 4 ] ||
	fail "the uninterrupted run: 4 rows and 4 measurements expected"

# a kill moment: from 0 to 0.8 times an uninterrupted run
moment() {
	ms=$((RANDOM * 32768 + RANDOM))
	ms=$((ms % span_ms))
	printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

# rows in the journal (out.partial: whole lines, one per finished set; none
# once the run has renamed it to out)
journal_rows() {
	local n
	n=$({ wc -l <"$out.partial"; } 2>/dev/null)
	echo "${n:-0}"
}

# until_row BEFORE: wait (up to 120 s) until the journal holds more than
# BEFORE rows or the batch ($pid) has ended
until_row() {
	local end=$((SECONDS + 120))
	while kill -0 "$pid" 2>/dev/null && [ "$(journal_rows)" -le "$1" ]; do
		[ "$SECONDS" -lt "$end" ] || { fail "kill $((kills + 1)): no set finished in 120 s"; return; }
		sleep 0.01
	done
}

db=$WORK/k.db out=$WORK/k.csv
kills=0 completed=0 bad_db=0 resumes=0
rm -f "$db" "$out"*
while [ "$kills" -lt "$KILLS" ]; do
	before=$(journal_rows)
	"$BATCH" "$WORK/sets" --jobs 2 --db "$db" --out "$out" >/dev/null 2>"$WORK/k.err" &
	pid=$!
	if [ $((kills % 2)) -eq 0 ]; then
		sleep "$(moment)"
	else
		until_row "$before"
	fi
	if kill -9 "$pid" 2>/dev/null; then
		wait "$pid" 2>/dev/null
		kills=$((kills + 1))
		if [ -e "$db" ]; then
			ic=$(sqlite3 "$db" "PRAGMA integrity_check" 2>&1)
			[ "$ic" = ok ] || { bad_db=$((bad_db + 1)); fail "kill $kills: integrity_check says: $ic"; }
		fi
		resumes=$((resumes + 1))
		continue
	fi
	wait "$pid"
	st=$?
	# the batch completed before the kill: compare with the uninterrupted run
	completed=$((completed + 1))
	checks=$((checks + 1))
	[ "$st" -eq 0 ] || fail "completed batch $completed: exit $st: $(head -c 300 "$WORK/k.err")"
	checks=$((checks + 1))
	result_rows "$out" | cmp -s - "$WORK/ref.rows" ||
		fail "completed batch $completed (after $resumes kills): rows differ: $(result_rows "$out" | diff - "$WORK/ref.rows" | head -5)"
	checks=$((checks + 1))
	store_rows "$db" | cmp -s - "$WORK/ref.store" ||
		fail "completed batch $completed: the store differs: $(store_rows "$db" | diff - "$WORK/ref.store" | head -5)"
	checks=$((checks + 1))
	leftovers=$(ls "$WORK" | grep '\.tmp' || true)
	[ -z "$leftovers" ] || fail "completed batch $completed: temporaries left: $leftovers"
	rm -f "$db" "$db"-* "$out"*
	resumes=0
done
# the last batch, finished without a kill
run "$BATCH" "$WORK/sets" --jobs 2 --db "$db" --out "$out"
expect_status 0 "the last resumed batch"
checks=$((checks + 1))
result_rows "$out" | cmp -s - "$WORK/ref.rows" || fail "the last batch: rows differ"
checks=$((checks + 1))
store_rows "$db" | cmp -s - "$WORK/ref.store" || fail "the last batch: the store differs"
checks=$((checks + 1))
[ "$completed" -ge 1 ] || fail "no batch completed between kills (the kill moments are too short)"
echo "batch --db: $kills kills, $completed batches completed between them, $bad_db stores failing integrity_check" \
	"(an uninterrupted run: $ref_ms ms)"
finish
