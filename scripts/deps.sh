#!/usr/bin/env bash
# deps.sh: installs what the build and tests need on Debian 12 and fetches the pinned third-party sources
# into build/deps (never into git). Idempotent and fast the second time: every step checks before it acts.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
deps="$root/build/deps"
mkdir -p "$deps"

# [SECTION] apt packages (Debian's archive only).
apt_packages=(
  cmake ninja-build g++ make pkg-config      # native build
  emscripten                                  # wasm build (Debian ships 3.1.6)
  nlohmann-json3-dev                          # JSON, header-only
  googletest libgtest-dev libbenchmark-dev    # tests and benchmarks (googletest ships sources for the wasm test build)
  dpkg-dev xz-utils tcl                       # apt-get source, unpacking, SQLite's amalgamation build
  fonts-dejavu-core python3-fonttools         # the UI font, subset at build time
  glslang-tools                               # offline validation of the GLSL ES shaders
  chromium brotli python3 nodejs              # end-to-end tests, size measurement, static server
  awscli python3-boto3                        # the real-client tests of `firehose-lab serve` (tests/clients)
)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The machine may already have a newer node than Debian's; keep it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=(); for p in "${missing[@]}"; do [[ $p == nodejs ]] || filtered+=("$p"); done; missing=("${filtered[@]+"${filtered[@]}"}")
fi
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v npm >/dev/null || { apt-get install -y -qq npm >/dev/null; }

# [SECTION] Debian source archive, derived from the configured mirror (no host written here).
src_list=/etc/apt/sources.list.d/firehose-lab-src.sources
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$src_list"
  apt-get update -qq
fi

# [SECTION] pinned upstream sources: the orig tarballs do not change across Debian revisions.
fetch() {  # fetch <source package> <orig tarball> <sha256> <unpacked dir>
  local pkg=$1 tarball=$2 sum=$3 dir=$4
  [[ -d "$deps/$dir" ]] && return 0
  if [[ ! -f "$deps/$tarball" ]]; then
    (cd "$deps" && apt-get source --download-only "$pkg" >/dev/null 2>&1)
  fi
  echo "$sum  $deps/$tarball" | sha256sum -c --quiet - || { echo "deps: checksum mismatch for $tarball" >&2; exit 1; }
  tar -C "$deps" -xf "$deps/$tarball"
}
fetch imgui imgui_1.86+ds.orig.tar.xz 0dace0e8e57d298eb6e93af12dc19420cb96330832f6495c733b90aeeef11f64 imgui-1.86
fetch sqlite3 sqlite3_3.40.1.orig.tar.xz aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655 sqlite3-3.40.1

# SQLite's amalgamation (sqlite3.c) is generated from the canonical tree once.
if [[ ! -f "$deps/sqlite-amalgamation/sqlite3.c" ]]; then
  mkdir -p "$deps/sqlite-build"
  (cd "$deps/sqlite-build" && "$deps/sqlite3-3.40.1/configure" --disable-tcl >/dev/null && make -j2 sqlite3.c >/dev/null)
  mkdir -p "$deps/sqlite-amalgamation"
  cp "$deps/sqlite-build/sqlite3.c" "$deps/sqlite-build/sqlite3.h" "$deps/sqlite-amalgamation/"
fi

# [SECTION] npm packages from the committed lockfile.
if [[ ! -d "$root/node_modules" || "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]]; then
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi
