#!/usr/bin/env bash
# pixeltag's speed beside the peers in ../shared/bench and libxml2's own parse, on two sites,
# in one run.
#   bash Benchmarks/run.sh                 # 10,000 mixed pages, 5,000 full-parse pages, TASK=base+event
#   PAGES=2000 FULL_PAGES=1000 TASK=base bash Benchmarks/run.sh
#   RUNS=5 PEERS="lolhtml copy" bash Benchmarks/run.sh   # more rounds, fewer peers
#   MEMORY_PAGES=0 bash Benchmarks/run.sh   # skip the memory check on a site 5 times bigger
#   FULL_PAGES=0 bash Benchmarks/run.sh     # skip the full-parse site
# Work folder: /dev/shm/pixeltag-bench (tmpfs; these VMs drop the page cache eagerly).
# The mixed site is ../shared/bench/make_site.py's (corpus pages, most of which the byte
# prefilter proves need only their head); the full-parse site replicates the corpus's
# Bootstrap pages that carry the selector's words, so every page is parsed to its end, as on
# a site built from one Bootstrap theme. On each: inject (first run; on the mixed site also
# up to date with and without the build cache, and --jobs 1), verify, libxml2's bare SAX
# parse (Benchmarks/libxml2-sax.c: empty handlers, 2 processes, the floor of any tool built
# on libxml2) and the peers, each on the same pages.
# Prints pages/s, MB/s and peak RSS for each tool (the median of RUNS rounds, default 3), and
# pixeltag's ratios to libxml2's parse and the peers (the median of the per-round ratios);
# then the time of one page whose one element has 20,000, then 80,000 attributes.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH:-$repo/../shared/bench}
[ -d "$bench" ] || { echo "no peers at $bench (the ../shared/bench folder); set BENCH=DIR" >&2; exit 2; }
W=${WORK:-$( [ -d /dev/shm ] && echo /dev/shm/pixeltag-bench || echo "${TMPDIR:-/tmp}/pixeltag-bench" )}
PAGES=${PAGES:-10000}
FULL_PAGES=${FULL_PAGES:-5000}
TASK=${TASK:-base+event}
export TASK PAGES FULL_PAGES
mkdir -p "$W"
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; } >/dev/null

(cd "$repo" && swift build -c release --product pixeltag --scratch-path "$repo/.build-release" >/dev/null)
tool="$repo/.build-release/release/pixeltag"
sax="$W/libxml2-sax"
cc -O2 -o "$sax" "$repo/Benchmarks/libxml2-sax.c" $(pkg-config --cflags --libs libxml-2.0)

[ -d "$W/site" ] && [ "$(find "$W/site" -name '*.html' | wc -l)" = "$PAGES" ] || python3 "$bench/make_site.py" "$W/site" --pages "$PAGES" >/dev/null
mb=$(du -sm "$W/site" | cut -f1)

# The full-parse site: the corpus's Bootstrap pages with every word the selector needs (the
# prefilter's literals: "btn-primary", or "form", "button", "type" and "submit"), each copied
# whole, FULL_PAGES in all.
F="$W/full"
if [ "$FULL_PAGES" != 0 ]; then
  mkdir -p "$F"
  [ -d "$F/site" ] && [ "$(find "$F/site" -name '*.html' | wc -l)" = "$FULL_PAGES" ] || python3 - "$bench/../corpus/bootstrap" "$F/site" "$FULL_PAGES" <<'PY'
import os, shutil, sys
corpus, out, pages = sys.argv[1], sys.argv[2], int(sys.argv[3])
def parsed_whole(data):
    lower = data.lower()
    return b"btn-primary" in data or all(w in lower for w in (b"form", b"button", b"type", b"submit"))
src = sorted(os.path.relpath(os.path.join(d, f), corpus) for d, _, files in os.walk(corpus) for f in files if f.endswith(".html"))
src = [rel for rel in src if parsed_whole(open(os.path.join(corpus, rel), "rb").read())]
if not src: sys.exit(f"no Bootstrap pages under {corpus}")
shutil.rmtree(out, ignore_errors=True)
for i in range(pages):
    rel = src[i % len(src)]
    dst = os.path.join(out, f"copy{i // len(src):03d}", rel)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(os.path.join(corpus, rel), dst)
PY
  full_mb=$(du -sm "$F/site" | cut -f1)
fi

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
[ "$FULL_PAGES" = 0 ] || cp "$W/pixeltag.yml" "$W/pixeltag.lock.json" "$F/"

run() { # label, command... ; records "label<TAB>pages/s<TAB>peak RSS KB" for this round
  local label=$1; shift
  local start end secs rss
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$W/rss" "$@" >/dev/null 2>"$W/err" || { echo "$label failed: $(tail -1 "$W/err")" >&2; }
  end=$(date +%s.%N)
  secs=$(python3 -c "print(max($end-$start,1e-6))")
  rss=$(tail -1 "$W/rss")
  printf '%s\t%s\t%s\t%s\n' "$round" "$label" "$(python3 -c "print($site_pages/$secs)")" "$rss" >> "$rates"
}

: > "$W/rates"; : > "$F/rates" 2>/dev/null || true
RUNS=${RUNS:-3}
echo "TASK=$TASK cores=$(nproc) rounds=$RUNS (median of the rounds; each round runs every tool once, so a slow spell of this shared machine hits all of them)"
fresh() { rm -rf "$W/out"; cp -r "$W/site" "$W/out"; }
[ -x "$W/venv/bin/python" ] || { python3 -m venv "$W/venv" && "$W/venv/bin/pip" install -q -r "$bench/requirements.txt"; }
for round in $(seq 1 "$RUNS"); do
  rates="$W/rates"; site_pages=$PAGES
  rm -f "$W/.pixeltag-cache"
  fresh; run "pixeltag inject (first run)" "$tool" inject --config "$W/pixeltag.yml"
  run "pixeltag verify (after inject)" "$tool" verify --config "$W/pixeltag.yml"
  run "pixeltag inject (up to date, no cache)" "$tool" inject --config "$W/pixeltag.yml" --no-cache
  run "pixeltag inject (up to date)" "$tool" inject --config "$W/pixeltag.yml"
  rm -f "$W/.pixeltag-cache"
  fresh; run "pixeltag inject --jobs 1" "$tool" inject --config "$W/pixeltag.yml" --jobs 1 --no-cache
  for peer in ${PEERS:-lolhtml selectolax lxml naive copy}; do
    for j in 1 2; do
      rm -rf "$W/peer-out"
      run "$peer (jobs=$j)" "$W/venv/bin/python" "$bench/peers/run.py" "p_$peer" "$W/site" "$W/peer-out" --jobs $j
    done
  done
  run "libxml2 bare SAX parse (2 processes)" "$sax" --jobs 2 "$W/site"
  # The full-parse site: the same rules, every page read to its end.
  if [ "$FULL_PAGES" != 0 ]; then
    rates="$F/rates"; site_pages=$FULL_PAGES
    rm -rf "$F/out" "$F/.pixeltag-cache"; cp -r "$F/site" "$F/out"
    run "pixeltag inject (first run)" "$tool" inject --config "$F/pixeltag.yml"
    run "pixeltag verify (after inject)" "$tool" verify --config "$F/pixeltag.yml"
    run "libxml2 bare SAX parse (2 processes)" "$sax" --jobs 2 "$F/site"
    for peer in lolhtml selectolax; do
      rm -rf "$W/peer-out"
      run "$peer (jobs=2)" "$W/venv/bin/python" "$bench/peers/run.py" "p_$peer" "$F/site" "$W/peer-out" --jobs 2
    done
  fi
done

# Memory against site size: the same rules on a site MEMORY_PAGES big (0 skips this).
MEMORY_PAGES=${MEMORY_PAGES:-$((PAGES * 5))}
export MEMORY_PAGES
if [ "$MEMORY_PAGES" != 0 ]; then
  B="$W/big"
  mkdir -p "$B"
  [ -d "$B/site" ] && [ "$(find "$B/site" -name '*.html' | wc -l)" = "$MEMORY_PAGES" ] || { rm -rf "$B/site"; python3 "$bench/make_site.py" "$B/site" --pages "$MEMORY_PAGES" >/dev/null; }
  cp "$W/pixeltag.yml" "$W/pixeltag.lock.json" "$B/"
  rm -rf "$B/out" "$B/.pixeltag-cache"; cp -r "$B/site" "$B/out"
  for step in "first run" "up to date"; do
    /usr/bin/time -f "%M" -o "$W/rss" "$tool" inject --config "$B/pixeltag.yml" >/dev/null 2>"$W/err" || echo "big inject failed: $(tail -1 "$W/err")" >&2
    printf 'big\tpixeltag inject (%s)\t0\t%s\n' "$step" "$(tail -1 "$W/rss")" >> "$W/rates"
  done
fi

# One element with many distinct attributes (libxml2 compares each new name with every
# earlier one): inject --dry-run --jobs 1 on ten pages whose element has 20,000 attributes,
# then 80,000, with a selector rule so each page is read whole, less a run on ten pages
# with none (the process's start). Figures per page; linear would be 4x.
A="$W/attributes"
for n in 0 20000 80000; do
  mkdir -p "$A/$n/site"
  cp "$repo/sample-site/pixeltag.lock.json" "$A/$n/pixeltag.lock.json"
  printf 'site: site\nevents:\n  - event: Purchase\n    selector: ".btn-primary"\n' > "$A/$n/pixeltag.yml"
  python3 -c "import sys; n = int(sys.argv[1]); print('<!doctype html><html><head><title>t</title></head><body><div ' + ' '.join(f'data-a{i}=v{i}' for i in range(n)) + ' class=btn-primary>x</div></body></html>')" "$n" > "$A/$n/site/p0.html"
  for k in 1 2 3 4 5 6 7 8 9; do cp "$A/$n/site/p0.html" "$A/$n/site/p$k.html"; done
done
attribute_seconds() { # attributes -> median seconds of RUNS dry runs over its ten pages
  for _ in $(seq 1 "$RUNS"); do
    local start end
    start=$(date +%s.%N)
    "$tool" inject --config "$A/$1/pixeltag.yml" --dry-run --jobs 1 >/dev/null 2>&1 || echo "inject on $1 attributes failed" >&2
    end=$(date +%s.%N)
    python3 -c "print($end - $start)"
  done | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}
attributes_0=$(attribute_seconds 0)
attributes_20k=$(python3 -c "print(($(attribute_seconds 20000) - $attributes_0) / 10)")
attributes_80k=$(python3 -c "print(($(attribute_seconds 80000) - $attributes_0) / 10)")

ATTRIBUTES_20K=$attributes_20k ATTRIBUTES_80K=$attributes_80k python3 - "$W/rates" "$mb" "$F/rates" "${full_mb:-0}" <<'PY'
import os, sys, statistics
env = os.environ
def load(path):
    return [line.rstrip("\n").split("\t") for line in open(path)] if os.path.exists(path) else []
def per_round(rows, a, b):
    """The ratio a/b of each round, so both sides come from the same minute."""
    ra = {r[0]: float(r[2]) for r in rows if r[1] == a}
    rb = {r[0]: float(r[2]) for r in rows if r[1] == b}
    return [ra[k] / rb[k] for k in ra if k in rb]
def show(rows, text, a, b):
    ratios = per_round(rows, a, b)
    if ratios:
        print(f"{text}: {statistics.median(ratios):.2f}x (rounds: {', '.join(f'{x:.2f}' for x in ratios)})")
def table(title, rows, mb, pages):
    labels = list(dict.fromkeys(r[1] for r in rows))
    rate = {l: statistics.median(float(r[2]) for r in rows if r[1] == l) for l in labels}
    rss = {l: max(int(r[3]) for r in rows if r[1] == l) for l in labels}
    print(f"\n{title}: {pages:,} pages, {mb:.0f} MB")
    for l in labels:
        print(f"{l:<40} {rate[l]:>9,.0f} pages/s {rate[l] * mb / pages:>7,.1f} MB/s {rss[l] / 1024:>6.0f} MB peak RSS")
    print()
    ours = "pixeltag inject (first run)"
    show(rows, "pixeltag inject / libxml2 bare SAX parse (2 processes)", ours, "libxml2 bare SAX parse (2 processes)")
    for peer in ("selectolax (jobs=2)", "lolhtml (jobs=2)"):
        show(rows, f"pixeltag inject / {peer}", ours, peer)
    peers = [l for l in labels if not l.startswith(("pixeltag", "naive", "copy", "libxml2"))]
    if peers:
        best = max(peers, key=rate.get)
        show(rows, f"pixeltag inject / fastest peer ({best})", ours, best)
    show(rows, "second inject (build cache) / first inject", "pixeltag inject (up to date)", ours)
    show(rows, "second inject without the cache / first inject", "pixeltag inject (up to date, no cache)", ours)
    show(rows, "verify / inject", "pixeltag verify (after inject)", ours)
    for k in ("naive (jobs=2)", "copy (jobs=2)"):
        if k in labels: show(rows, f"pixeltag inject / {k}", ours, k)
    return rss

rows = load(sys.argv[1])
big = {r[1]: int(r[3]) for r in rows if r[0] == "big"}
rows = [r for r in rows if r[0] != "big"]
rss = table("Mixed site (make_site.py: most pages need only their head)", rows, float(sys.argv[2]), int(env["PAGES"]))
full = load(sys.argv[3])
if full:
    table("Full-parse site (Bootstrap pages: every page parsed to its end)", full, float(sys.argv[4]), int(env["FULL_PAGES"]))
print()
pages = int(env["PAGES"])
big_pages = int(env.get("MEMORY_PAGES", "0"))
a20, a80 = float(env["ATTRIBUTES_20K"]), float(env["ATTRIBUTES_80K"])
print(f"a page whose one element has 20,000 attributes: {a20 * 1000:.1f} ms; 80,000: {a80 * 1000:.1f} ms ({a80 / a20:.1f}x; linear is 4x)")
for label, big_rss in big.items():
    small = rss.get(label)
    if small:
        print(f"peak RSS, {label}: {small / 1024:.0f} MB at {pages:,} pages, {big_rss / 1024:.0f} MB at {big_pages:,} ({(big_rss / small - 1) * 100:+.0f}%)")
PY
