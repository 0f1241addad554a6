#!/bin/bash
# demo.sh - from a fresh Debian 12 machine to results on the samples:
# installs what is missing, builds limbvol, then measures the sample limbs
# from tape, follows the sample patient over its drainage sessions, draws its
# trend, measures the sample photo sets and prints a marker.  Everything it
# writes goes to demo-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build/demo -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/demo -j"$(nproc)" >/dev/null
lv=build/demo/bin/limbvol
out=demo-out
rm -rf "$out"
mkdir -p "$out"
commands=$("$lv" help)
has() { grep -q "^  $1 " <<<"$commands"; }
step() { printf '\n\033[1m== %s ==\033[0m\n$ %s\n' "$1" "$2"; }

step "an arm typed at the CLI, every 4 cm from 2 cm above the wrist, with the other arm" \
	"limbvol tape --step 4 17.6 20.4 23.2 25.5 27 27.6 28.4 --other 16 18.6 21.2 23.4 24.9 25.6 26.4 --plot $out/arm-profile.png"
"$lv" tape --step 4 17.6 20.4 23.2 25.5 27 27.6 28.4 --other 16 18.6 21.2 23.4 24.9 25.6 26.4 \
	--plot "$out/arm-profile.png"

table() { cut -d, -f1-4,9,10,14,16,17,18,19 | column -t -s,; }
step "an arm pair (every 4 cm) from a CSV file" "limbvol tape --format csv samples/arm-pair.csv"
"$lv" tape --format csv samples/arm-pair.csv | tee "$out/arm-pair-results.csv" | table
step "a leg pair (every 10 cm from the ankle)" "limbvol tape --format csv samples/leg-pair.csv"
"$lv" tape --format csv samples/leg-pair.csv | tee "$out/leg-pair-results.csv" | table

if has record; then
	export LIMBVOL_DB=$PWD/$out/demo.db
	step "the sample patient: baseline, four drainage sessions, a follow-up" \
		"limbvol record samples/patient-followup.csv && limbvol history LV-0001"
	"$lv" record samples/patient-followup.csv >/dev/null
	"$lv" patients LV-0001 --affected right-arm >/dev/null
	"$lv" history LV-0001
	step "its trend, as a picture" "limbvol trend LV-0001 --limb right-arm --out $out/trend.png"
	"$lv" trend LV-0001 --limb right-arm --out "$out/trend.png"
	"$lv" trend LV-0001 --limb right-arm --out "$out/trend.pdf"
fi

if has photo && [ -d samples/photos ]; then
	for set in samples/photos/*/; do
		set=${set%/}
		[ -f "$set/manifest.txt" ] || continue
		key() { sed -n "s/^$1=//p" "$set/manifest.txt"; }
		cmd=("$lv" photo "$set/$(key front)" "$set/$(key side)" --marker "$(key marker)"
			--from "$(key from)" --to "$(key to)" --overlay "$out/overlays")
		step "photo volumetry of $set (generated: its true volume is known)" \
			"limbvol photo $set/$(key front) $set/$(key side) --marker $(key marker) --from $(key from) --to $(key to) --overlay $out/overlays"
		"${cmd[@]}" || true
		if [ -f "$set/truth.json" ]; then
			printf 'true volume from %s to %s cm (truth.json): %s mL\n' "$(key from)" "$(key to)" \
				"$(grep -o '"volume_ml": [0-9.]*' "$set/truth.json" | head -n 1 | sed 's/.*: //')"
		fi
		break
	done
	if has batch; then
		step "all sample photo sets in one batch" "limbvol batch samples/photos --out $out/photo-results.csv"
		"$lv" batch samples/photos --out "$out/photo-results.csv" --overlay "$out/overlays" || true
		column -t -s, "$out/photo-results.csv" | cut -c1-150
	fi
fi

if has calib; then
	step "a marker to print at true size" "limbvol calib marker --id 0 --size-mm 80 --out $out/marker.pdf"
	"$lv" calib marker --id 0 --size-mm 80 --out "$out/marker.pdf"
fi

printf '\nresults are in %s/:\n' "$out"
ls -1 "$out"
