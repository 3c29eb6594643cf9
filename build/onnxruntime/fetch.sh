#!/usr/bin/env bash
# Installs the pinned ONNX Runtime shared library into build/onnxruntime/<platform>/.
# The library comes from the npm package onnxruntime-node, which ships prebuilt runtimes for
# every desktop platform; each file is checked against SHA256SUMS before it is installed.
#
#   build/onnxruntime/fetch.sh                 the library for this machine
#   build/onnxruntime/fetch.sh all             every platform (for cross-platform packaging)
#   build/onnxruntime/fetch.sh linux-arm64 …   the named platforms
set -euo pipefail

ORT_VERSION=1.24.3
here=$(cd "$(dirname "$0")" && pwd)
sums="$here/SHA256SUMS"

platforms=("$@")
[ ${#platforms[@]} -gt 0 ] || platforms=("$("$here/../../scripts/platform.sh")")
[ "${platforms[0]}" != all ] || platforms=($(grep -v '^#' "$sums" | awk '{print $2}'))

# Skip the download when every wanted library is already installed and intact.
missing=()
for p in "${platforms[@]}"; do
	line=$(grep -v '^#' "$sums" | awk -v p="$p" '$2 == p') || { echo "no pinned library for platform $p" >&2; exit 1; }
	read -r sum _ _ name <<<"$line"
	dest="$here/$p/$name"
	if [ -f "$dest" ] && echo "$sum  $dest" | sha256sum --quiet -c - 2>/dev/null; then continue; fi
	missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetching onnxruntime-node@$ORT_VERSION from the npm registry…"
(cd "$work" && npm pack --silent "onnxruntime-node@$ORT_VERSION" >/dev/null && tar xzf onnxruntime-node-*.tgz)

for p in "${missing[@]}"; do
	read -r sum _ path name <<<"$(grep -v '^#' "$sums" | awk -v p="$p" '$2 == p')"
	src="$work/package/$path"
	if ! echo "$sum  $src" | sha256sum --quiet -c - ; then
		echo "checksum mismatch for $p ($path): refusing to install it" >&2
		exit 1
	fi
	mkdir -p "$here/$p"
	cp "$src" "$here/$p/$name.tmp" && mv "$here/$p/$name.tmp" "$here/$p/$name"
	echo "installed ONNX Runtime $ORT_VERSION for $p: build/onnxruntime/$p/$name"
done
