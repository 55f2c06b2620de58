#!/usr/bin/env bash
# The action's first step: the release binary links libxml2 and libcurl from the system. Every
# GitHub-hosted Ubuntu runner has both; a job in a slim container may not, so install them.
set -euo pipefail

ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
# awk reads the whole list: a reader that stops at the first match (grep -q) would fail the
# pipeline with SIGPIPE under pipefail, and the library would look missing.
have() { "$ldconfig" -p 2>/dev/null | awk -v library="$1" '$1 == library { found = 1 } END { exit !found }'; }
missing=()
have libxml2.so.2 || missing+=(libxml2)
have libcurl.so.4 || missing+=(libcurl)
if [ ${#missing[@]} -eq 0 ]; then
  echo "pixeltag: libxml2 and libcurl are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "::error title=pixeltag::${missing[*]} missing, and no sudo to install them; install them before this step"; exit 1; }
  sudo=sudo
fi
echo "pixeltag: installing ${missing[*]}"
if command -v apt-get >/dev/null 2>&1; then
  # curl brings the libcurl of the release (libcurl4, or libcurl4t64 on Ubuntu 24.04).
  packages=()
  for library in "${missing[@]}"; do [ "$library" = libcurl ] && packages+=(curl) || packages+=("$library"); done
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}"
elif command -v dnf >/dev/null 2>&1; then
  $sudo dnf install -y "${missing[@]}"
else
  echo "::error title=pixeltag::${missing[*]} missing and neither apt-get nor dnf to install them; install them before this step"
  exit 1
fi
