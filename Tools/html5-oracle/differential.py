#!/usr/bin/env python3
"""Differential fuzzing of pixeltag's tree builder against html5lib.

Makes mutated pages from ../shared/corpus (tags that stress tree construction inserted
between whole tags, runs of markup deleted; ASCII only, so line:column agree), then asks
both sides for the first match of a few selectors: pixeltag through `pixeltag explain`,
html5lib through `oracle.py select`. Prints every page and selector where they differ.

Differences fall in known classes (see known-differences.txt beside the expectations):
html5lib 1.1 predates parts of today's spec (`</br>` setting frameset-ok, foster-parented
list items, `<dialog>` and `<search>` closing `<p>`), and pixeltag, which skips template
content, does not see an HTML integration point (`<foreignObject>`) in SVG inside it.
Anything else is a bug. pixeltag reads tokens as a browser does (it no longer takes them
from libxml2), so `--anywhere` also inserts and deletes at any byte, cutting tags, comments
and raw text apart.

Usage: differential.py [--seed N] [--pages N] [--anywhere] [--pixeltag PATH] [--corpus DIR] [--work DIR]
Run with the oracle's venv (see README, Development), after
`swift build -c release --product pixeltag --scratch-path .build-release`.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

TAGS = ["<table>", "</table>", "<tr>", "<td>", "</td>", "<p>", "</p>", "<b>", "</b>", "<i>", "</i>",
        "<a href=x>", "</a>", "<div class=x>", "</div>", "<span class=x>", "</span>", "<li>", "<ul>", "</ul>",
        "<dd>", "<dt>", "<form>", "</form>", "<button type=submit>", "</button>", "<nobr>", "<select>",
        "</select>", "<option>", "<svg>", "</svg>", "<math>", "</math>", "<template>", "</template>",
        "<body class=y>", "<html class=z>", "<caption>", "<colgroup>", "<tbody>", "<h1>", "</h1>", "<pre>",
        "<font color=red>", "</font>", "<em class=x>", "</em>", "<strong>", "</strong>", "<br>", "</br>",
        "<image>", "<hr>"]
SELECTORS = [".x", "div .x", "table .x", "b .x", "p > span", "li + li", "form button", "td", "a .x", "tr > td + td"]
TITLES = ["Add to cart", "Start trial", "Sign up", "Purchase", "Read article"]  # events of sample-site's lock


def make_pages(corpus, site, count, rng, anywhere=False):
    pages = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs if f.endswith(".html"))
    os.makedirs(site, exist_ok=True)
    for name in os.listdir(site):
        os.remove(os.path.join(site, name))
    for number in range(count):
        source = open(rng.choice(pages), "rb").read()[:60000]
        page = bytearray(c if 0 < c < 128 else 63 for c in source)
        for _ in range(rng.randint(1, 6)):
            at = rng.randint(0, len(page))
            if not anywhere:
                # Between whole tags, where only tree construction is stressed.
                closing = page.rfind(b">", 0, at)
                at = closing + 1 if closing >= 0 else 0
            if rng.random() < 0.7:
                page[at:at] = rng.choice(TAGS).encode()
            else:
                end = page.find(b"<", at + rng.randint(0, 2000))
                if end > at:
                    del page[at:end]
        with open(os.path.join(site, f"p{number:04d}.html"), "wb") as f:
            f.write(bytes(page))


def write_configs(work):
    configs = []
    for number in range(0, len(SELECTORS), len(TITLES)):
        path = os.path.join(work, f"c{number}.yml")
        with open(path, "w") as f:
            f.write("site: site\nlock: pixeltag.lock.json\npages:\n  include: [\"**/*.html\"]\nevents:\n")
            for title, selector in zip(TITLES, SELECTORS[number:number + len(TITLES)]):
                f.write(f"  - event: {title}\n    selector: \"{selector}\"\n    position: afterend\n")
        configs.append(path)
    with open(os.path.join(REPO, "sample-site", "pixeltag.lock.json"), "rb") as source, \
            open(os.path.join(work, "pixeltag.lock.json"), "wb") as target:
        target.write(source.read())
    return configs


def pixeltag_matches(tool, configs, work, name):
    found = {}
    for config in configs:
        out = subprocess.run([tool, "explain", "--config", config, name], capture_output=True, text=True, cwd=work).stdout
        for line in out.splitlines():
            m = re.search(r'selector "(.*?)" (?:matches (\d+) elements?: <(\S+?)> at line (\d+):(\d+)|matches nothing|cannot match)', line)
            if m:
                found[m.group(1)] = (m.group(3), int(m.group(4)), int(m.group(5))) if m.group(2) else None
    return name, found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pages", type=int, default=360)
    parser.add_argument("--anywhere", action="store_true", help="insert and delete at any byte, not only between tags")
    parser.add_argument("--pixeltag", default=os.path.join(REPO, ".build-release", "release", "pixeltag"))
    parser.add_argument("--corpus", default=os.path.join(os.path.dirname(REPO), "shared", "corpus"))
    parser.add_argument("--work", default="/tmp/pixeltag-differential")
    args = parser.parse_args()
    site = os.path.join(args.work, "site")
    make_pages(args.corpus, site, args.pages, random.Random(args.seed), args.anywhere)
    configs = write_configs(args.work)
    names = sorted(os.listdir(site))
    with ThreadPoolExecutor(4) as pool:
        ours = dict(pool.map(lambda n: pixeltag_matches(args.pixeltag, configs, args.work, n), names))
    command = [sys.executable, os.path.join(HERE, "oracle.py"), "select"]
    for selector in SELECTORS:
        command += ["--selector", selector]
    theirs = {}
    for line in subprocess.run(command + [site], capture_output=True, text=True, check=True).stdout.splitlines():
        row = json.loads(line)
        theirs.setdefault(os.path.basename(row["file"]), {})[row["selector"]] = \
            (row["tag"], row["line"], row["col"]) if row.get("tag") else None
    differ = 0
    for name in names:
        for selector in SELECTORS:
            a, b = ours.get(name, {}).get(selector, "?"), theirs.get(name, {}).get(selector, "?")
            if a != b:
                differ += 1
                print(f"{os.path.join(site, name)} {selector!r}: pixeltag {a}, html5lib {b}")
    print(f"seed {args.seed}: {differ} of {len(names) * len(SELECTORS)} differ")


if __name__ == "__main__":
    main()
