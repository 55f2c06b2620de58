#!/bin/sh
# Runs pixeltag from its Linux release archive, for a build image without Swift (Netlify,
# Cloudflare Pages, Vercel, any CI): the first run downloads the archive into .pixeltag/,
# checks it against its SHA-256 file and unpacks it; later runs (and cached builds) reuse it.
# Copy this file into your site's repository and call it after the site generator:
#
#   sh pixeltag.sh inject --config pixeltag.yml
#
# PIXELTAG_VERSION picks the release; PIXELTAG_RELEASES_URL a mirror of the releases
# (BASE/vVERSION/pixeltag-VERSION-linux-x86_64.tar.gz). Needs curl, tar, sha256sum, and
# libxml2 and libcurl, which these build images have.
set -eu
version=${PIXELTAG_VERSION:-0.1.0}
releases=${PIXELTAG_RELEASES_URL:-https://github.com/OWNER/pixeltag/releases/download}
name=pixeltag-$version-linux-x86_64
folder=${PIXELTAG_HOME:-.pixeltag}
binary=$folder/$name/pixeltag

if [ ! -x "$binary" ]; then
  [ "$(uname -sm)" = "Linux x86_64" ] || { echo "pixeltag.sh: the release archive is for Linux x86_64, not $(uname -sm); build pixeltag from source" >&2; exit 2; }
  mkdir -p "$folder"
  (
    cd "$folder"
    curl -fsSL -o "$name.tar.gz" "$releases/v$version/$name.tar.gz"
    curl -fsSL -o "$name.tar.gz.sha256" "$releases/v$version/$name.tar.gz.sha256"
    sha256sum -c --quiet "$name.tar.gz.sha256" || { echo "pixeltag.sh: $name.tar.gz does not match its SHA-256 file; not using it" >&2; rm -f "$name.tar.gz"; exit 2; }
    tar -xzf "$name.tar.gz"
    rm -f "$name.tar.gz" "$name.tar.gz.sha256"
  )
  missing=$(ldd "$binary" 2>/dev/null | sed -n 's/^[[:space:]]*\([^ ]*\) => not found.*/\1/p' | tr '\n' ' ')
  if [ -n "$missing" ]; then
    echo "pixeltag.sh: this build image lacks $missing; install libxml2 and libcurl (apt-get install libxml2 curl, or dnf install libxml2) before running pixeltag" >&2
    exit 2
  fi
fi
exec "$binary" "$@"
