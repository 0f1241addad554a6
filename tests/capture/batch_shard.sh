#!/bin/bash
# limbvol batch --shard K/N and --merge (issue 12), rows in path order,
# failed sets named, the progress bar on one line, --sites-csv (issue 13).
# Shard coverage: for N = 1..7 every set is in exactly one shard, the one
# the documented hash says (FNV-1a 64 of the path relative to the folder
# given, then MurmurHash3's fmix64, modulo N: computed here in bash), and
# the merged parts equal one run's results byte for byte.  Most sets fail
# at once (their photo is missing: a row in a millisecond); three are real.
BATCH=$1 GEN=$2 WORK=$3
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
case $WORK in */*/*) ;; *) echo "refusing the work folder '$WORK'" >&2; exit 2 ;; esac
rm -rf "$WORK"
mkdir -p "$WORK/tree"
T=$WORK/tree
cd "$WORK" || exit 1

for d in a/x b/x c/x clinic-a/p01 clinic-a/p02 clinic-a/p10 clinic-b/p1-pre clinic-b/p1-post \
	'with space' 'comma,name' z/y/deep q-1 q/1 Q; do
	mkdir -p "tree/$d" && printf 'patient=F01\nfront=front.jpg\n' >"tree/$d/manifest.txt"
done
mkdir -p tree/real
for i in 1 2 3; do
	gen "tree/real/r$i" --size 640x480 --seed $((60 + i)) --patient "R00$i" || exit 1
done
nsets=17

# rows FILE: the set column of a CSV results file (no newline in these names)
sets_of() { tail -n +2 "$1" | sed 's/^"\([^"]*\)".*/\1/; t; s/,.*//'; }

# shard REL N: the shard of a set by the documented hash, in bash's 64-bit
# arithmetic (multiplication wraps; >> shifts a negative number
# arithmetically, so the logical shift masks)
shard() {
	local s=$1 n=$2 h=-3750763034362895579 i c # 14695981039346656037 as int64
	local LC_ALL=C
	for ((i = 0; i < ${#s}; i++)); do
		printf -v c '%d' "'${s:i:1}"
		h=$(((h ^ (c & 255)) * 1099511628211))
	done
	h=$((h ^ ((h >> 33) & 0x7FFFFFFF)))
	h=$((h * -49064778989728563)) # 0xff51afd7ed558ccd
	h=$((h ^ ((h >> 33) & 0x7FFFFFFF)))
	h=$((h * -4265267296055464877)) # 0xc4ceb9fe1a85ec53
	h=$((h ^ ((h >> 33) & 0x7FFFFFFF)))
	# unsigned h mod n: (h >>> 1) mod n, doubled, plus the low bit
	echo $(((((((h >> 1) & 0x7FFFFFFFFFFFFFFF) % n) * 2) + (h & 1)) % n))
}

# ---- one run: rows in path order, failed sets named ----
run "$BATCH" tree --jobs 2 --out one.csv --sites-csv sites.csv
expect_status 1 "one run: some sets fail"
checks=$((checks + 1))
[ "$(sets_of one.csv | wc -l)" -eq $nsets ] || fail "one run: $nsets rows expected: $(cat one.csv)"
checks=$((checks + 1))
sets_of one.csv | LC_ALL=C sort -c 2>/dev/null || fail "rows in the order of the sets' paths: $(sets_of one.csv)"
expect_err "14 of 17 sets failed (their rows say why):" "the failures counted"
checks=$((checks + 1))
names=$(sed -n 's/^  //p' "$tmp/err")
[ "$names" = "$(sets_of one.csv | grep -v real/)" ] || fail "the failed sets named in path order: $names"
expect_err "  tree/comma,name" "a failed set's name as it is"

# the same rows on the standard output, in the same order
run "$BATCH" tree --jobs 2
checks=$((checks + 1))
cmp -s "$tmp/out" one.csv || fail "stdout: the rows of --out, in the same order: $(diff "$tmp/out" one.csv | head -5)"

# ---- --sites-csv: one row per set and site ----
checks=$((checks + 1))
[ "$(head -n 1 sites.csv)" = "set,patient,limb,date,phase,site_cm,circumference_cm,circumference_sd_cm" ] ||
	fail "sites: header: $(head -n 1 sites.csv)"
checks=$((checks + 1))
[ "$(cut -d, -f1 sites.csv | tail -n +2 | sort -u)" = "$(printf 'tree/real/r1\ntree/real/r2\ntree/real/r3')" ] ||
	fail "sites: the measured sets only: $(cut -d, -f1 sites.csv | sort -u)"
for i in 1 2 3; do
	grep "^tree/real/r$i," sites.csv | cut -d, -f7 >"$tmp/got"
	truth_list "tree/real/r$i" circumference_cm >"$tmp/want"
	expect_lists_near "$tmp/want" "$tmp/got" 0.3 "sites of r$i: circumferences vs the generator's truth (cm)"
	checks=$((checks + 1))
	[ "$(grep "^tree/real/r$i," sites.csv | cut -d, -f2,3 | sort -u)" = "R00$i,left-arm" ] ||
		fail "sites of r$i: patient and limb on every row"
	# each site's sd (doc/photo.md): a positive figure of millimetres
	checks=$((checks + 1))
	grep "^tree/real/r$i," sites.csv | cut -d, -f8 |
		awk '{ n++; if (!($1 > 0.05 && $1 < 1)) bad++ } END { exit !(n && !bad) }' ||
		fail "sites of r$i: circumference_sd_cm not all between 0.05 and 1 cm"
done
run "$BATCH" tree --jobs 2 --format json --sites-csv sites-stdout.csv
checks=$((checks + 1))
cmp -s sites-stdout.csv sites.csv || fail "sites from JSON results on stdout: the same file: $(diff sites-stdout.csv sites.csv | head -4)"

# ---- shards: every set exactly once, where the hash says; merged = one run ----
for n in 1 2 3 4 5 6 7; do
	parts=()
	for ((k = 0; k < n; k++)); do
		run "$BATCH" tree --jobs 2 --shard "$k/$n" --out "part$k.csv"
		[ "$status" -le 1 ] || fail "shard $k/$n: exit $status: $(cat "$tmp/err")"
		sets_of "part$k.csv" | while IFS= read -r s; do
			[ "$(shard "${s#tree/}" "$n")" = "$k" ] || echo "$s"
		done >"$tmp/misplaced"
		checks=$((checks + 1))
		[ ! -s "$tmp/misplaced" ] || fail "shard $k/$n holds sets of other shards: $(cat "$tmp/misplaced")"
		parts+=("part$k.csv")
	done
	checks=$((checks + 1))
	[ "$(for p in "${parts[@]}"; do sets_of "$p"; done | LC_ALL=C sort)" = "$(sets_of one.csv)" ] ||
		fail "N=$n: every set in exactly one shard"
	run "$BATCH" --merge merged.csv "${parts[@]}"
	expect_status 0 "merge of $n parts"
	checks=$((checks + 1))
	cmp -s merged.csv one.csv || fail "N=$n: merged parts differ from one run: $(diff merged.csv one.csv | head -5)"
done
# a folder given that is itself a set: its path is "."
run "$BATCH" tree/a/x --shard "$(shard . 3)/3" --out dot.csv
checks=$((checks + 1))
[ "$(sets_of dot.csv)" = tree/a/x ] || fail "the folder itself is in the shard of '.': $(cat dot.csv)"

# JSON parts and sites parts merge too
for f in json sites; do
	parts=()
	for k in 0 1 2; do
		if [ $f = json ]; then
			"$BATCH" tree --shard $k/3 --out "j$k.json" 2>/dev/null
			parts+=("j$k.json")
		else
			"$BATCH" tree --shard $k/3 --out "c$k.csv" --sites-csv "s$k.csv" 2>/dev/null
			parts+=("s$k.csv")
		fi
	done
	run "$BATCH" --merge "m-$f.out" "${parts[@]}"
	expect_status 0 "merge of $f parts"
done
"$BATCH" tree --out one.json 2>/dev/null
checks=$((checks + 1))
cmp -s m-json.out one.json || fail "merged JSON parts differ from one run"
checks=$((checks + 1))
cmp -s m-sites.out sites.csv || fail "merged sites parts differ from one run's"

# a results file of another shard (here: one run's) resumed under a shard:
# the rows of the sets of other shards are dropped, not carried along
cp one.csv other.csv
k=$((1 - $(shard real/r1 2)))
run "$BATCH" tree --jobs 2 --shard "$k/2" --out other.csv
expect_err "not in this batch (another shard, or no longer found): dropped" "rows of other shards dropped, said"
sets_of other.csv | while IFS= read -r s; do [ "$(shard "${s#tree/}" 2)" = "$k" ] || echo "$s"; done >"$tmp/misplaced"
checks=$((checks + 1))
[ ! -s "$tmp/misplaced" ] || fail "a part resumed under another shard keeps only its own sets: $(cat "$tmp/misplaced")"

# a shard run again resumes: nothing measured twice, the same part
cp part0.csv part0.before
run "$BATCH" tree --shard 0/7 --out part0.csv
expect_err "already measured" "a shard run again skips its measured sets"
checks=$((checks + 1))
cmp -s part0.csv part0.before || fail "a resumed shard writes the same part"
# resuming through the journal keeps the order by path
tail -n 1 one.csv >resumed.csv.partial
run "$BATCH" tree --out resumed.csv --jobs 2
checks=$((checks + 1))
[ "$(tail -n +2 resumed.csv | cut -d, -f2 | sort | uniq -c | tr -s ' ')" = "$(tail -n +2 one.csv | cut -d, -f2 | sort | uniq -c | tr -s ' ')" ] &&
	sets_of resumed.csv | LC_ALL=C sort -c 2>/dev/null || fail "resumed: rows in path order: $(sets_of resumed.csv)"

# ---- what --merge refuses ----
run "$BATCH" --merge bad.csv part0.csv part0.csv
expect_status 65 "a part given twice"
expect_err "parts overlap" "a part given twice: overlap named"
run "$BATCH" --merge bad.csv part0.csv j0.json
expect_status 65 "parts of two formats"
expect_err "parts of one kind expected" "two formats: said"
run "$BATCH" --merge bad.csv part0.csv s0.csv
expect_status 65 "results and sites mixed"
{ head -n 1 one.csv; tail -n 1 one.csv; sed -n 2p one.csv; } >swapped.csv
run "$BATCH" --merge bad.csv swapped.csv
expect_status 65 "a part out of order"
expect_err "swapped.csv:3: rows out of order" "out of order: file:line"
head -c -10 one.csv >cut.csv
run "$BATCH" --merge bad.csv cut.csv
expect_status 65 "a part cut short"
expect_err "cut.csv:$((nsets + 1)): a row cut short" "cut short: file:line"
head -c -3 one.json >cut.json
run "$BATCH" --merge bad.json cut.json
expect_status 65 "a JSON part without its ']'"
run "$BATCH" --merge bad.csv part0.csv missing.csv
expect_status 66 "a part missing"
expect_err "missing.csv" "a missing part named"
checks=$((checks + 1))
[ ! -e bad.csv ] && [ ! -e bad.json ] || fail "a refused merge writes nothing"
checks=$((checks + 1))
ls | grep -q '\.tmp' && fail "temporaries left: $(ls | grep '\.tmp')"
run "$BATCH" --merge out.csv
expect_status 64 "--merge without parts"
run "$BATCH" --merge out.csv part0.csv --shard 0/2
expect_status 64 "--merge with --shard"

# ---- --shard: what it refuses ----
for bad in 3/3 -1/3 1/0 x 1/ 1/2/3 0/100001 '1 /2'; do
	run "$BATCH" tree --shard "$bad"
	expect_status 64 "--shard '$bad'"
	expect_err "option --shard: expected" "--shard '$bad': what was expected"
done
run "$BATCH" tree --shard 2/2
expect_err "shards count from 0" "--shard N/N: K is 0-based, said"

# ---- the progress bar: one line at any width ----
if command -v script >/dev/null 2>&1; then
	for cols in 20 45 200; do
		script -qec "stty cols $cols; '$BATCH' tree --jobs 2 --out tty.csv --force" /dev/null \
			>"$tmp/tty" 2>&1
		tr '\r' '\n' <"$tmp/tty" | grep 'sets' | grep -v 'failed (their' >"$tmp/bars"
		checks=$((checks + 1))
		[ -s "$tmp/bars" ] || fail "$cols columns: no progress bar: $(head -c 300 "$tmp/tty")"
		long=$(awk -v c="$cols" 'length($0) > c - 1' "$tmp/bars")
		checks=$((checks + 1))
		[ -z "$long" ] || fail "$cols columns: a bar line longer than $((cols - 1)): $long"
	done
	checks=$((checks + 1))
	grep -q '^\[#*\]' "$tmp/bars" || fail "200 columns: the bar is drawn: $(head -n 2 "$tmp/bars")"
	COLUMNS=30 script -qec "stty cols 0; '$BATCH' tree --jobs 2 --out tty.csv --force" /dev/null \
		>"$tmp/tty" 2>&1
	checks=$((checks + 1))
	[ -z "$(tr '\r' '\n' <"$tmp/tty" | grep ' sets ' | grep -v 'failed (their' | awk 'length($0) > 29')" ] ||
		fail "no terminal size: \$COLUMNS is the width"
fi
finish
