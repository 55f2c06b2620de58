#!/usr/bin/env bash
# The action's second step: the pixeltag binary. The release archive of the version asked for
# (default: the version of the action's own source), checked against its SHA-256 file; else,
# when no archive is published for it (the action used at a branch) and Swift is installed,
# built from the action's source with Scripts/build-release.sh. Kept in RUNNER_TEMP, so a job
# that uses the action twice (inject, then verify) fetches it once.
#
# Environment: INPUT_VERSION, PIXELTAG_RELEASES_URL (a mirror of the releases:
# BASE/vVERSION/ARCHIVE), and the runner's GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_OUTPUT,
# GITHUB_PATH.
set -euo pipefail
action_root=${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}
fail() { echo "::error title=pixeltag::$1"; exit 1; }

source_version=$(sed -n 's/^ *\([a-z]* \)\{0,1\}static let version = "\(.*\)"$/\2/p' "$action_root/Sources/PixelTagKit/PixelTagKit.swift")
[ -n "${INPUT_VERSION:-$source_version}" ] || { echo "pixeltag: no version in $action_root/Sources/PixelTagKit/PixelTagKit.swift (static let version = \"…\"); set the action's version input" >&2; exit 1; }
version=${INPUT_VERSION:-$source_version}
version=${version#v}
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x86_64 ;;
  Linux-aarch64) platform=linux-aarch64 ;;
  *) platform="" ;;
esac
name=pixeltag-$version-$platform
# The repository the action was used from, whose releases hold the archive. The runner leaves
# GITHUB_ACTION_REPOSITORY empty in a composite action's steps (actions/runner#2525), but it
# keeps the action at .../_actions/OWNER/NAME/REF.
repository=${GITHUB_ACTION_REPOSITORY:-}
if [ -z "$repository" ]; then
  case $action_root in
    */_actions/*/*/*) repository=$(echo "${action_root##*/_actions/}" | cut -d/ -f1,2) ;;
  esac
fi
releases=${PIXELTAG_RELEASES_URL:-${repository:+https://github.com/$repository/releases/download}}
folder="${RUNNER_TEMP:?RUNNER_TEMP is not set: run this as a step of a job}/pixeltag-$version"

use() {
  echo "path=$folder" >>"$GITHUB_OUTPUT"
  echo "$folder" >>"$GITHUB_PATH"
  echo "pixeltag: using $folder/pixeltag, version $("$folder/pixeltag" --version)"
}

if [ -x "$folder/pixeltag" ]; then
  use
  exit 0
fi

if [ -n "$platform" ] && [ -n "$releases" ]; then
  url="$releases/v$version/$name.tar.gz"
  download=$(mktemp -d "$RUNNER_TEMP/pixeltag-download.XXXXXX")
  if curl -fsSL --retry 3 --connect-timeout 10 -o "$download/$name.tar.gz" "$url" 2>"$download/curl.log" \
    && curl -fsSL --retry 3 --connect-timeout 10 -o "$download/$name.tar.gz.sha256" "$url.sha256" 2>>"$download/curl.log"; then
    (cd "$download" && sha256sum --quiet -c "$name.tar.gz.sha256" >/dev/null 2>&1) \
      || fail "$url does not match its SHA-256 file $url.sha256; not using it"
    tar -xzf "$download/$name.tar.gz" -C "$download"
    [ -x "$download/$name/pixeltag" ] || fail "$url holds no $name/pixeltag"
    mkdir -p "$folder"
    mv "$download/$name/pixeltag" "$folder/pixeltag"
    rm -rf "$download"
    use
    exit 0
  fi
  echo "pixeltag: no release archive at $url ($(tail -n 1 "$download/curl.log"))"
  rm -rf "$download"
fi

[ "$version" = "$source_version" ] \
  || fail "pixeltag $version has no release archive${platform:+ for $platform}, and this action's source is version $source_version, so it cannot build it either; set version: to a published release, or leave it empty"
command -v swift >/dev/null 2>&1 \
  || fail "no pixeltag $version release archive${platform:+ for $platform}, and no Swift toolchain to build one: use the action at a released tag (uses: OWNER/pixeltag@v$source_version), or set up Swift 6 before this step"
if ! pkg-config --exists libxml-2.0 2>/dev/null; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libxml2-dev pkg-config \
    || fail "building pixeltag needs libxml2's headers: install libxml2-dev (and pkg-config) before this step"
fi
echo "pixeltag: building pixeltag $version from the action's source (a release build: minutes)"
archive=$("$action_root/Scripts/build-release.sh" --no-manual "$RUNNER_TEMP/pixeltag-dist" | tail -n 1)
mkdir -p "$folder"
tar -xzf "$archive" -C "$RUNNER_TEMP/pixeltag-dist"
mv "$RUNNER_TEMP/pixeltag-dist/$(basename "$archive" .tar.gz)/pixeltag" "$folder/pixeltag"
use
