#!/bin/sh
# history's text table (issue 13): 80 columns when not on a terminal, the
# terminal's width on one ($COLUMNS when the terminal gives none), --wide for
# every column; --all for every patient, the CSV with a patient column.
#   history_cli.sh LIMBVOL SOURCE_DIR
LIMBVOL=$1
SRC=$2
. "$SRC/tests/lib.sh"
unset LIMBVOL_DB XDG_DATA_HOME
export HOME="$tmp/home"
mkdir -p "$HOME"
export LIMBVOL_DB="$tmp/h.db"
# widest: the display width of the longest line (UTF-8 continuation bytes take no column)
widest() { LC_ALL=C awk '{ gsub(/[\200-\277]/, ""); if (length > w) w = length } END { print w + 0 }' "$1"; }

run "$LIMBVOL" record "$SRC/samples/patient-followup.csv"
expect_status 0 "record the sample patient"
run "$LIMBVOL" patients LV-0001 --affected right-arm
run "$LIMBVOL" record --patient P2 --limb left-leg --phase baseline --date 2026-02-01 --step 4 30 31 32 --other 30 31 32
expect_status 0 "a second patient"

run "$LIMBVOL" history LV-0001
expect_status 0 "history of the sample patient"
checks=$((checks + 1))
[ "$(widest "$tmp/out")" -le 80 ] || fail "history is $(widest "$tmp/out") columns wide, over 80"
expect_out "not shown at this width: sess., kind, EV mL, over cm, %, MDC95" "the columns left out are named"
expect_out "real?" "the session change and whether it is real fit in 80 columns"
expect_out "EV, PEV: affected limb against the other limb" "the EV/PEV legend with pairs"
checks=$((checks + 1))
grep -q '^volume mL:' "$tmp/out" && fail "a note on lengths where every measurement covers 0-40 cm"
# a measurement of a third of the arm after a whole arm: its length is named
# (4 sites every 4 cm: 0-12 cm; 3 every 4.5 cm from 2: 2-11 cm)
run "$LIMBVOL" record --db "$tmp/p3.db" --patient P3 --limb right-arm --date 2026-03-02 --step 4 17.6 20.4 23.2 25.5 27 27.6 28.4 29.9 31.4 32.6 33.3
run "$LIMBVOL" record --db "$tmp/p3.db" --patient P3 --limb right-arm --date 2026-03-09 --step 4 17.6 20.4 23.2 25.5
run "$LIMBVOL" record --db "$tmp/p3.db" --patient P3 --limb right-arm --date 2026-03-16 --step 4.5 --start 2 18 21 23
run "$LIMBVOL" record --db "$tmp/p3.db" --patient P3 --limb right-arm --date 2026-03-23 --step 4 17.6 20.4 23.2 25.5
run "$LIMBVOL" history --db "$tmp/p3.db" P3
expect_status 0 "history of a patient measured over different lengths"
checks=$((checks + 1))
tr '\n' ' ' <"$tmp/out" | sed 's/  */ /g' | grep -q 'volume mL: right-arm over 0-12 cm, but id 1 over 0-40 cm; id 3 over 2-11 cm: volumes over different lengths do not compare' ||
	fail "the lengths of P3's measurements: $(tail -n 4 "$tmp/out")"
# one limb only: nothing paired, so no EV/PEV legend (nor RVC, nor change)
checks=$((checks + 1))
grep -q '^EV, PEV:\|^RVC:\|^change:' "$tmp/out" && fail "a legend for figures P3 does not have: $(cat "$tmp/out")" || :
run "$LIMBVOL" history LV-0001 --wide
checks=$((checks + 1))
head -n 3 "$tmp/out" | grep -q 'sess\. kind .* EV mL .* over cm .* MDC95' || fail "--wide: every column: $(sed -n 3p "$tmp/out")"
checks=$((checks + 1))
grep -q "not shown at this width" "$tmp/out" && fail "--wide still leaves columns out" || :
# on a terminal: its width, here from $COLUMNS (script's terminal has no size)
if command -v script >/dev/null; then
	COLUMNS=200 script -qec "'$LIMBVOL' history LV-0001" /dev/null | tr -d '\r' >"$tmp/tty"
	checks=$((checks + 1))
	grep -q 'MDC95' "$tmp/tty" && ! grep -q "not shown at this width" "$tmp/tty" ||
		fail "a 200-column terminal shows every column: $(sed -n 3p "$tmp/tty")"
	COLUMNS=60 script -qec "'$LIMBVOL' history LV-0001" /dev/null | tr -d '\r' >"$tmp/tty"
	checks=$((checks + 1))
	sed -n 3p "$tmp/tty" | grep -q 'RVC %' && ! sed -n 3p "$tmp/tty" | grep -q 'real?' ||
		fail "a 60-column terminal keeps RVC, drops the session columns: $(sed -n 3p "$tmp/tty")"
fi
# ---- --all ----
run "$LIMBVOL" history --all
expect_status 0 "history --all"
expect_out "patient LV-0001" "--all: the first patient"
expect_out "patient P2" "--all: the second patient"
run "$LIMBVOL" history --all --format csv
checks=$((checks + 1))
[ "$(grep -c '^patient,' "$tmp/out")" = 1 ] && [ "$(grep -c '^LV-0001,' "$tmp/out")" = 20 ] &&
	[ "$(grep -c '^P2,' "$tmp/out")" = 2 ] || fail "--all csv: one header, 20 + 2 rows: $(cut -c1-30 "$tmp/out")"
run "$LIMBVOL" history --all --format json
checks=$((checks + 1))
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [p["patient"] for p in d["patients"]] == ["LV-0001", "P2"]' "$tmp/out" ||
		fail "--all json: $(head -c 300 "$tmp/out")"
fi
run "$LIMBVOL" history --all --limb left-leg --format csv
checks=$((checks + 1))
[ "$(grep -c '^LV-0001,' "$tmp/out")" = 0 ] &&
	[ "$(awk -F, '$1 == "P2" && $6 == "left-leg"' "$tmp/out" | wc -l)" = 1 ] &&
	[ "$(awk -F, '$1 == "P2" && $6 == "right-leg"' "$tmp/out" | wc -l)" = 0 ] ||
	fail "--all --limb: only the patients with that limb"
run "$LIMBVOL" history --all P2
expect_status 64 "--all and a patient"
run "$LIMBVOL" history
expect_status 64 "no patient and no --all"

finish
