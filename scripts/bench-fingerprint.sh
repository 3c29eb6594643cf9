#!/usr/bin/env bash
# Times fingerprinting 3 minutes of audio, from the file on disk to the fingerprint:
# `stableaudio-server catalog print` against Chromaprint's `fpcalc -length 180` on the same
# files, several rounds each, alternating, and prints the medians and their ratio. Then the
# lookup benchmark of a 10 000-track index, and its ratio to the 100 ms it must stay under. Needs fpcalc (Debian: libchromaprint-tools) and
# ONNX Runtime for the test track (make onnxruntime).
#
#   scripts/bench-fingerprint.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
command -v fpcalc >/dev/null || { echo "fpcalc not found: apt-get install libchromaprint-tools" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/stableaudio-server" ./backend/cmd/stableaudio-server
go build -tags webkit2_41 -o "$work/stableaudio" .
# A generated 3-minute track, as 16-bit WAV (what fpcalc's decoder reads without complaint).
"$work/stableaudio" generate --prompt "driving techno, 128 BPM" --seconds 180 --seed 1 --format 16 --out "$work/track.wav" >/dev/null 2>&1

now() { date +%s.%N; }
ours=() theirs=()
for ((i = 0; i < rounds; i++)); do
	t0=$(now); "$work/stableaudio-server" catalog print "$work/track.wav" >/dev/null; t1=$(now)
	# fpcalc exits 3 when its decoder reports the file's end as an error; its print is complete.
	fpcalc -length 180 "$work/track.wav" >/dev/null 2>&1 || [ $? -eq 3 ]; t2=$(now)
	ours+=("$(awk "BEGIN {print $t1 - $t0}")") theirs+=("$(awk "BEGIN {print $t2 - $t1}")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m_ours=$(median "${ours[@]}") m_theirs=$(median "${theirs[@]}")
echo "fingerprint of 180 s from a WAV file, median of $rounds rounds:"
echo "  stableaudio-server catalog print  ${m_ours} s"
echo "  fpcalc -length 180                ${m_theirs} s"
echo "  ratio (ours / fpcalc)             $(awk "BEGIN {printf \"%.2f\", $m_ours / $m_theirs}")"

lookup=$(go test -run '^$' -bench 'Lookup' -benchtime 20x ./backend/fingerprint/ | awk '/ms\/lookup/ {for (i = 1; i < NF; i++) if ($(i+1) == "ms/lookup") print $i}')
echo "query of 10 s against a 10 000-track index:"
echo "  lookup                            ${lookup} ms"
echo "  ratio (lookup / 100 ms bound)     $(awk "BEGIN {printf \"%.3f\", $lookup / 100}")"
