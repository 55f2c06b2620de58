#!/usr/bin/env bash
# Builds the self-contained Linux release of pixeltag: the binary in release mode with the Swift
# runtime and Foundation linked in (--static-swift-stdlib), so that it runs without a Swift
# toolchain, needing only what every Linux CI image has (glibc, libstdc++, libcurl) and libxml2.
# Packs it with its shell completions and man page as
#
#   dist/pixeltag-VERSION-linux-ARCH.tar.gz  and  dist/pixeltag-VERSION-linux-ARCH.tar.gz.sha256
#
# VERSION is what the built binary reports (PixelTagKit.version, the one place it is written).
# Needs Swift 6 and libxml2-dev.
#
#   Scripts/build-release.sh                # into dist/
#   Scripts/build-release.sh OUT            # into OUT/
#   Scripts/build-release.sh --no-manual    # without the man page, which costs a debug build
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
with_manual=yes
if [ "${1:-}" = --no-manual ]; then with_manual=no; shift; fi
dist=${1:-dist}
case $dist in /*) ;; *) dist="$PWD/$dist" ;; esac
cd "$root"
# A folder of its own: the static flag changes how every module is compiled, so sharing one
# with a dynamic build (Benchmarks/run.sh uses .build-release) would recompile all at each turn.
scratch="$root/.build-static"
build=(swift build -c release --product pixeltag --scratch-path "$scratch" --static-swift-stdlib)

# Foundation's networking, linked in, asks the linker for -lcurl, which only libcurl's -dev
# package provides as libcurl.so. The binary needs just the run-time library (libcurl.so.4,
# which Foundation needs anyway), so without the -dev package a link to it does.
if [ ! -e "$(cc -print-file-name=libcurl.so 2>/dev/null)" ]; then
  libcurl=$( (ldconfig -p 2>/dev/null || /sbin/ldconfig -p) | awk '$1 == "libcurl.so.4" && /x86-64|AArch64/ { print $NF; exit }')
  [ -n "$libcurl" ] || { echo "build-release: libcurl.so.4 not found; apt-get install libcurl4" >&2; exit 1; }
  mkdir -p "$scratch/link"
  ln -sf "$libcurl" "$scratch/link/libcurl.so"
  build+=(-Xlinker -L -Xlinker "$scratch/link")
fi

echo "build-release: pixeltag with the Swift runtime linked in (--static-swift-stdlib)" >&2
# (Less the linker's warning about mktemp in Foundation, which is not pixeltag's to fix.)
"${build[@]}" 2>&1 | { grep -v "warning: the use of .mktemp' is dangerous" || true; } >&2
bin="$("${build[@]}" --show-bin-path)/pixeltag"

# The archive's name comes from the binary itself: "0.1.0 (libxml2 2.9.14)".
version=$("$bin" --version | cut -d' ' -f1)
case $(uname -m) in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) arch=$(uname -m) ;;
esac
name="pixeltag-$version-linux-$arch"

# A Swift library left in the binary's needs would defeat the point: refuse to pack it.
if readelf -d "$bin" | grep -E 'NEEDED|RPATH|RUNPATH' | grep -iE 'swift|Foundation|dispatch|BlocksRuntime'; then
  echo "build-release: $bin still needs a Swift library (above); is this toolchain's swift_static present?" >&2
  exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/completions"
# Symbols only serve a debugger.
strip -o "$stage/$name/pixeltag" "$bin"
"$bin" --generate-completion-script bash >"$stage/$name/completions/pixeltag.bash"
"$bin" --generate-completion-script zsh >"$stage/$name/completions/_pixeltag"
"$bin" --generate-completion-script fish >"$stage/$name/completions/pixeltag.fish"

if [ $with_manual = yes ]; then
  # The man page, by swift-argument-parser's generate-manual plugin, which builds every product
  # and reads pixeltag's help from it. In debug, in the default build folder: the modules it
  # compiles are the ones `swift test` needs next (.ci/run), where a release build would compile
  # them all a second time.
  date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)   # the last commit's, so the same source makes the same archive
  echo "build-release: the man page (swift package generate-manual)" >&2
  swift package generate-manual --configuration debug --date "$date" 2>&1 | tail -n 1 >&2
  manual="$root/.build/plugins/GenerateManual/outputs/pixeltag/pixeltag.1"
  [ -f "$manual" ] || { echo "build-release: the generate-manual plugin wrote no $manual" >&2; exit 1; }
  mkdir -p "$stage/$name/man"
  cp "$manual" "$stage/$name/man/pixeltag.1"
fi
cp README.md "$stage/$name/README.md"
mkdir -p "$dist"
archive="$dist/$name.tar.gz"
# Same bytes for the same inputs: sorted names, fixed owner and time.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00:00 UTC' \
  -C "$stage" -cf - "$name" | gzip -9n >"$archive"
(cd "$dist" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")

size() { du -h "$1" | cut -f1; }
echo "build-release: $archive ($(size "$archive"); pixeltag $(size "$stage/$name/pixeltag") stripped)" >&2
echo "build-release: needs at run time: $(readelf -d "$stage/$name/pixeltag" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | tr '\n' ' ')" >&2
echo "$archive"
