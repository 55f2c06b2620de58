#!/usr/bin/env bash
# pixeltag's speed beside the peers in ../shared/bench, on one generated site, in one run.
#   bash Benchmarks/run.sh                 # 10,000 pages, TASK=base+event
#   PAGES=2000 TASK=base bash Benchmarks/run.sh
# Work folder: /dev/shm/pixeltag-bench (tmpfs; these VMs drop the page cache eagerly).
# Runs inject (first run, then up to date with and without the build cache), verify, and
# the peers, each on the same pages.
# Prints pages/s, MB/s and peak RSS for each tool, and pixeltag's ratio to the fastest peer.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH:-$repo/../shared/bench}
[ -d "$bench" ] || { echo "no peers at $bench (the ../shared/bench folder); set BENCH=DIR" >&2; exit 2; }
W=${WORK:-$( [ -d /dev/shm ] && echo /dev/shm/pixeltag-bench || echo "${TMPDIR:-/tmp}/pixeltag-bench" )}
PAGES=${PAGES:-10000}
TASK=${TASK:-base+event}
export TASK PAGES
mkdir -p "$W"
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; } >/dev/null

(cd "$repo" && swift build -c release --product pixeltag --scratch-path "$repo/.build-release" >/dev/null)
tool="$repo/.build-release/release/pixeltag"

[ -d "$W/site" ] && [ "$(find "$W/site" -name '*.html' | wc -l)" = "$PAGES" ] || python3 "$bench/make_site.py" "$W/site" --pages "$PAGES" >/dev/null
mb=$(du -sm "$W/site" | cut -f1)

# The peers' task as a pixeltag config: base code at head-end, and the event after the first
# `form button[type=submit], .btn-primary` (their SELECTOR) unless TASK=base.
cp "$repo/sample-site/pixeltag.lock.json" "$W/pixeltag.lock.json"
{
  echo "site: out"
  echo "base:"
  echo "  position: head-end"
  if [ "$TASK" != base ]; then
    echo "events:"
    echo "  - event: Purchase"
    echo "    selector: \"form button[type=submit], .btn-primary\""
    echo "    position: afterend"
  fi
} > "$W/pixeltag.yml"

run() { # label, command... ; prints label pages/s MB/s rss
  local label=$1; shift
  local start end secs rss
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$W/rss" "$@" >/dev/null 2>"$W/err" || { echo "$label failed: $(tail -1 "$W/err")" >&2; }
  end=$(date +%s.%N)
  secs=$(python3 -c "print(max($end-$start,1e-6))")
  rss=$(tail -1 "$W/rss")
  python3 -c "print(f'{\"$label\":<34} {$PAGES/$secs:>9,.0f} pages/s {$mb/$secs:>7,.1f} MB/s {$rss/1024:>6.0f} MB peak RSS')"
  echo "$label $(python3 -c "print($PAGES/$secs)")" >> "$W/rates"
}

: > "$W/rates"
echo "TASK=$TASK pages=$PAGES size=${mb} MB cores=$(nproc)"
fresh() { rm -rf "$W/out"; cp -r "$W/site" "$W/out"; }
rm -f "$W/.pixeltag-cache"
fresh; run "pixeltag inject (first run)" "$tool" inject --config "$W/pixeltag.yml"
run "pixeltag verify (after inject)" "$tool" verify --config "$W/pixeltag.yml"
run "pixeltag inject (up to date, no cache)" "$tool" inject --config "$W/pixeltag.yml" --no-cache
run "pixeltag inject (up to date)" "$tool" inject --config "$W/pixeltag.yml"
rm -f "$W/.pixeltag-cache"
fresh; run "pixeltag inject --jobs 1" "$tool" inject --config "$W/pixeltag.yml" --jobs 1 --no-cache

[ -x "$W/venv/bin/python" ] || { python3 -m venv "$W/venv" && "$W/venv/bin/pip" install -q -r "$bench/requirements.txt"; }
for peer in ${PEERS:-lolhtml selectolax lxml naive copy}; do
  for j in 1 2; do
    rm -rf "$W/peer-out"
    run "$peer (jobs=$j)" "$W/venv/bin/python" "$bench/peers/run.py" "p_$peer" "$W/site" "$W/peer-out" --jobs $j
  done
done

python3 - "$W/rates" <<'PY'
import sys
rates = {}
for line in open(sys.argv[1]):
    label, rate = line.rsplit(" ", 1); rates[label] = float(rate)
ours = rates.get("pixeltag inject (first run)")
peers = {k: v for k, v in rates.items() if not k.startswith("pixeltag") and not k.startswith(("naive", "copy"))}
if ours and peers:
    best = max(peers, key=peers.get)
    print(f"\npixeltag inject / fastest peer ({best}): {ours / peers[best]:.2f}x")
    up = rates.get("pixeltag inject (up to date)")
    if up: print(f"second inject (build cache) / first inject: {up / ours:.2f}x")
    nocache = rates.get("pixeltag inject (up to date, no cache)")
    if nocache: print(f"second inject without the cache / first inject: {nocache / ours:.2f}x")
    verify = rates.get("pixeltag verify (after inject)")
    if verify: print(f"verify / inject: {verify / ours:.2f}x")
    for k in ("naive (jobs=2)", "copy (jobs=2)"):
        if k in rates: print(f"pixeltag inject / {k}: {ours / rates[k]:.2f}x")
PY
