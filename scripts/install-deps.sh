#!/bin/bash
# install-deps.sh - install the Debian 12 packages limbvol builds, tests and
# runs with, when any is missing.  Needs root (or sudo).
set -euo pipefail
packages=(
	build-essential cmake pkg-config        # the toolchain
	libgsl-dev libpng-dev                   # core: numerics, PNG masks
	libsqlite3-dev libcairo2-dev            # core: measurement store, trend plots
	libpq-dev                               # core: the PostgreSQL store (libpq)
	postgresql                              # tests/store/pg_cli.sh: a server of its own (initdb, pg_ctl)
	libopencv-dev libopencv-contrib-dev     # capture and calib: OpenCV 4 with aruco (videoio, highgui: capture)
	xvfb xauth xdotool x11-apps netpbm     # capture window test: X server, keys, screenshots
	opencv-doc                              # calib tests: OpenCV's sample chessboard photos
	mawk bc time locales                    # tests and benchmarks
	sqlite3                                 # durability tests: PRAGMA integrity_check
	clang-14 libclang-rt-14-dev             # tests/fuzz: libFuzzer targets
	valgrind                                # tests/run.sh: unit tests under memcheck
	clang-format                            # tests/format.sh: the checked-in style
	poppler-utils                           # report tests: pdfinfo, pdftotext (pdftoppm: the README picture)
	slurm-wlm munge                         # tests/capture/batch_slurm.sh: a one-node Slurm
)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing: ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# A comma-decimal locale, so that the tests can show it changes nothing.
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
	$sudo sed -i 's/^# *de_DE.UTF-8 UTF-8/de_DE.UTF-8 UTF-8/' /etc/locale.gen
	$sudo locale-gen >/dev/null 2>&1 || echo "note: could not generate de_DE.UTF-8; locale tests will say so"
fi
