#!/bin/sh
# Surveillance alerts (issue 13): the RVC of the limb at risk against its
# pre-operative baseline pair crossing 5 % (early intervention) and 10 %
# (lymphedema), in `limbvol alerts`, `history` and `trend`.  Cylinders: the
# RVC of an arm of C cm against a baseline of 25 cm, the other arm at 25 cm
# throughout, is (C / 25)^2 - 1 exactly (V = h C^2 / 4 pi), computed here.
#   alerts_cli.sh LIMBVOL SOURCE_DIR
LIMBVOL=$1
. "$2/tests/lib.sh"
unset LIMBVOL_DB XDG_DATA_HOME
export HOME="$tmp/home"
mkdir -p "$HOME"
export LIMBVOL_DB="$tmp/a.db"
rvc() { awk -v c="$1" 'BEGIN { printf "%.6f", (c / 25) ^ 2 * 100 - 100 }'; }
arm() { awk -v c="$1" 'BEGIN { for (i = 0; i < 11; i++) printf "%s ", c }'; }
rec() { # PATIENT DATE PHASE C_AFFECTED [options]
	p=$1 d=$2 ph=$3 c=$4
	shift 4
	run "$LIMBVOL" record --patient "$p" --limb left-arm --date "$d" --phase "$ph" "$@" \
		--step 4 $(arm "$c") --other $(arm 25)
	expect_status 0 "record $p $d $ph $c"
}
# csv FIELD_NAME: the value of that column in row 2 of $tmp/out (a CSV)
col() { awk -F, -v k="$1" -v row="${2:-2}" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == k) c = i }
	NR == row { print $c }' "$tmp/out"; }

# A: 4.86 % (none), 5.68 % (early, first), 10.67 % (lymphedema, first, latest)
rec A 2026-01-05 baseline 25 --affected
rec A 2026-03-02 other 25.6
rec A 2026-04-06 other 25.7
rec A 2026-05-04 other 26.3
# B: early at one visit, back under 5 % at the latest
rec B 2026-01-05 baseline 25 --affected
rec B 2026-03-02 other 25.7
rec B 2026-04-06 other 25.5
# D: a drainage session; only its post measurement is above 5 %, and a post
# value shows one session's effect, not the course: no alert
rec D 2026-01-05 baseline 25 --affected
rec D 2026-03-02T10:00 pre 25.5
rec D 2026-03-02T11:00 post 25.7

# ---- limbvol alerts ----
run "$LIMBVOL" alerts
expect_status 1 "alerts: a patient crosses a threshold (exit 1 for scripts)"
expect_out "lymphedema" "alerts lists A at lymphedema"
checks=$((checks + 1))
awk '$1 == "B" || $1 == "D" { bad = 1 } END { exit bad }' "$tmp/out" || fail "alerts lists B or D"
run "$LIMBVOL" alerts A --format csv
expect_status 1 "alerts A csv"
expect_near "$(col rvc_percent)" "$(rvc 26.3)" 0.001 "alerts: the latest RVC (26.3/25)^2 - 1"
checks=$((checks + 1))
[ "$(col alert)" = lymphedema ] && [ "$(col early_first_date)" = 2026-04-06 ] &&
	[ "$(col lymphedema_first_date)" = 2026-05-04 ] && [ "$(col baseline_date)" = 2026-01-05 ] &&
	[ "$(col baseline_marked)" = yes ] || fail "alerts csv: level and first crossings: $(cat "$tmp/out")"
run "$LIMBVOL" alerts B D
expect_status 0 "alerts: B is back under 5 %, D's post value does not count (exit 0)"
expect_out "no patient at or above a threshold" "alerts says none"
# thresholds are options
run "$LIMBVOL" alerts B --early 4 --format csv
expect_status 1 "alerts --early 4: B's 4.04 % crosses it"
expect_near "$(col rvc_percent)" "$(rvc 25.5)" 0.001 "alerts B: (25.5/25)^2 - 1"
checks=$((checks + 1))
[ "$(col alert)" = early ] || fail "alerts --early 4: B early"
run "$LIMBVOL" alerts A --lymphedema 11 --format json
expect_status 1 "alerts --lymphedema 11"
expect_out '"alert": "early"' "10.67 % is early under an 11 % lymphedema threshold"
expect_out '"lymphedema_first": null' "and lymphedema never reached"
run "$LIMBVOL" alerts --early 12 --lymphedema 10
expect_status 64 "early above lymphedema"
expect_err "at least the early-intervention threshold" "the message says why"
run "$LIMBVOL" alerts --early 0
expect_status 64 "a 0 % threshold"
run "$LIMBVOL" alerts --early x
expect_status 64 "a threshold that is no number"
run "$LIMBVOL" alerts NOBODY
expect_status 66 "an unknown patient"
expect_empty_out "nothing on stdout for an unknown patient"
run "$LIMBVOL" alerts --db "$tmp/none.db"
expect_status 66 "no store"

# ---- history marks where each threshold was first crossed ----
run "$LIMBVOL" history A --format csv
expect_status 0 "history A csv"
checks=$((checks + 1))
awk -F, 'NR > 1 && $6 == "left-arm" { a[$3] = $22 "/" $23 }
	END { exit !(a["2026-01-05"] == "none/" && a["2026-03-02"] == "none/" &&
		a["2026-04-06"] == "early/early" && a["2026-05-04"] == "lymphedema/lymphedema") }' \
	"$tmp/out" || fail "history csv alert,alert_first: $(cat "$tmp/out")"
checks=$((checks + 1))
awk -F, 'NR > 1 && $1 != "A" { bad = 1 } END { exit bad || NR < 2 }' "$tmp/out" ||
	fail "history csv: the patient column"
run "$LIMBVOL" history A
expect_status 0 "history A text"
checks=$((checks + 1))
grep -q '2026-04-06 left-arm .*≥5 %!' "$tmp/out" && grep -q '2026-05-04 left-arm .*≥10 %!' "$tmp/out" &&
	! grep -q '2026-03-02 left-arm .*≥' "$tmp/out" || fail "history text: ! at the first crossings: $(cat "$tmp/out")"
expect_out "first reached: 5 % on 2026-04-06" "history names the first crossing"
run "$LIMBVOL" history D --format csv
checks=$((checks + 1))
awk -F, '$7 == "post" && $6 == "left-arm" { seen = 1; if ($22 != "" || $23 != "") bad = 1 }
	END { exit !seen || bad }' "$tmp/out" || fail "history: a post value carries no alert"
run "$LIMBVOL" history A --early 6 --format json
expect_out '"early_percent": 6' "history --early"
expect_out '"alert_first": ["early", "lymphedema"]' \
	"history json: 5.68 % is under a 6 % threshold, so 10.67 % reaches both at once"

# ---- trend marks them too ----
run "$LIMBVOL" trend A --format csv
expect_status 0 "trend csv"
expect_near "$(awk -F, '$1 == "alert early" { print $4 }' "$tmp/out")" "$(rvc 25.7)" 0.001 \
	"trend csv: RVC where early was first reached"
checks=$((checks + 1))
grep -q '^alert lymphedema,2026-05-04,' "$tmp/out" || fail "trend csv: the lymphedema crossing"
run "$LIMBVOL" trend A --out "$tmp/a.png"
expect_status 0 "trend chart with the marks"
run "$LIMBVOL" trend A --out "$tmp/a.png" --lymphedema 3
expect_status 64 "trend: lymphedema under early"

finish
