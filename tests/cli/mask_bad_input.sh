#!/bin/bash
# Every bad input of `limbvol mask`: the documented exit code (64 usage,
# 65 unusable mask, 66 missing file), a message naming the problem, and
# nothing on stdout.
LIMBVOL=$1
MKMASK=$2
. "$(dirname "$0")/../lib.sh"

bad() { # CODE TEXT DESCRIPTION -- ARGS...
	local code=$1 text=$2 desc=$3
	shift 4
	run "$LIMBVOL" mask "$@"
	expect_status "$code" "$desc"
	expect_err "$text" "$desc"
	expect_empty_out "$desc"
}

S="--px-per-cm 10 --origin-px 300,100"
for kind in two-blobs both-ends inside empty; do
	"$MKMASK" "$kind" "$tmp/$kind.png" || fail "mkmask $kind"
done
printf 'patient,limb\nP1,left-arm\n' > "$tmp/text.png"
head -c 100 "$tmp/two-blobs.png" > "$tmp/cut.png"
: > "$tmp/zero.png"

# unusable masks
bad 66 "cannot open" "missing file" -- "$tmp/nosuch.png" $S
bad 66 "nosuch.png" "missing file named" -- "$tmp/nosuch.png" $S
bad 65 "text.png is not a PNG file" "not a PNG" -- "$tmp/text.png" $S
bad 65 "zero.png is not a PNG file" "empty file" -- "$tmp/zero.png" $S
bad 65 "cut.png: truncated or damaged PNG" "truncated PNG" -- "$tmp/cut.png" $S
bad 65 "two-blobs.png: two separate blobs of similar size" "two blobs" -- "$tmp/two-blobs.png" $S
bad 65 "both-ends.png: the limb crosses the frame at both ends" "crosses both frame edges, no --proximal" -- "$tmp/both-ends.png" $S
bad 65 "inside.png: the limb does not leave the frame" "inside the frame" -- "$tmp/inside.png" $S
bad 65 "empty.png: the mask is empty" "empty mask" -- "$tmp/empty.png" $S
# a bad side mask after a good front: the side is named
bad 65 "two-blobs.png: two separate blobs" "bad side mask" -- "$tmp/two-blobs.png" "$tmp/inside.png" $S

# usage
bad 64 "no mask given" "no mask" -- $S
bad 64 "--px-per-cm is required" "no scale" -- "$tmp/inside.png" --origin-px 1,2
bad 64 "--origin-px is required" "no origin" -- "$tmp/inside.png" --px-per-cm 10
bad 64 "option --origin-px: expected X,Y in pixels, found '12'" "bad origin" -- "$tmp/inside.png" --px-per-cm 10 --origin-px 12
bad 64 "option --origin-px: expected X,Y in pixels, found '1,y'" "bad origin y" -- "$tmp/inside.png" --px-per-cm 10 --origin-px 1,y
bad 64 "option --px-per-cm: expected a scale above 0 px/cm, found '0'" "zero scale" -- "$tmp/inside.png" --px-per-cm 0 --origin-px 1,2
bad 64 "option --px-per-cm: expected a number, found 'abc'" "text scale" -- "$tmp/inside.png" --px-per-cm abc --origin-px 1,2
bad 64 "option --step: expected a spacing from 0.01 to 50 cm" "zero step" -- "$tmp/inside.png" $S --step 0
bad 64 "option --step: expected a spacing from 0.01 to 50 cm" "tiny step" -- "$tmp/inside.png" $S --step 1e-300
bad 64 "unknown option '--scale'" "unknown option" -- "$tmp/inside.png" $S --scale 3
bad 64 "too many masks" "three masks" -- a.png b.png c.png $S
bad 64 "--from and --to go together" "from alone" -- "$tmp/inside.png" $S --from 2
bad 64 "--from must be below --to" "from above to" -- "$tmp/inside.png" $S --from 5 --to 2
bad 64 "option --format: expected text, csv or json, found 'xml'" "bad format" -- "$tmp/inside.png" $S --format xml
bad 64 "option --to needs a value" "missing value" -- "$tmp/inside.png" $S --to
bad 64 "need a side mask" "side option with one mask" -- "$tmp/inside.png" $S --side-origin-px 1,2

run "$LIMBVOL" mask --help
expect_status 0 "help"
expect_out "usage: limbvol mask" "help text"
finish
