#!/bin/sh
# long-functions.sh - the functions over N lines (default 100; DEVELOPING.md:
# "no function over about 100 lines without a reason written at its top"),
# longest first, as "LINES FILE:LINE NAME", with "reason: ..." after those
# whose comment above them says why ("Long: ..." as its first word).
# Lambdas and local classes count inside the function that holds them.
# Needs Universal Ctags.
#   scripts/long-functions.sh [N]     (from the source tree's top)
set -eu
max=${1:-100}
command -v ctags >/dev/null || { echo "long-functions.sh: needs ctags (universal-ctags)" >&2; exit 2; }
git ls-files '*.c' '*.cpp' |
	ctags -L - --fields=+ne --c-kinds=f --c++-kinds=f -x --_xformat='%F %n %e %N' 2>/dev/null |
	awk -v max="$max" '$4 !~ /^__anon/ && $3 - $2 + 1 > max { print $3 - $2 + 1, $1, $2, $4 }' |
	sort -k1,1nr -k2,2 | while read -r n file line name; do
		# the comment block right above the definition, if it starts "Long:"
		reason=$(awk -v l="$line" 'NR < l { buf[NR] = $0 } NR == l { exit }
			END { i = l - 1; while (i > 0 && buf[i] !~ /\/\*/ && buf[i] ~ /^ ?\*|^[a-z]/) i--
			      if (buf[i] ~ /\/\* *Long:/) { s = buf[i]; sub(/.*Long: */, "", s); sub(/\*\/.*/, "", s); print s } }' "$file")
		if [ -n "$reason" ]; then
			echo "$n $file:$line $name  reason: $reason"
		else
			echo "$n $file:$line $name"
		fi
	done
