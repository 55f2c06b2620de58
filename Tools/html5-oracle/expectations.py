#!/usr/bin/env python3
"""Writes the committed html5lib expectations that pixeltag's selector test checks.

For every page under the given roots and every selector of the selectors file, the first
element html5lib's tree matches that has a start tag of its own (see ``oracle.py select``),
as ``[tag, line, col]`` or null. One JSON line a page: ``{"file": "corpus/mdn/…", "m": […]}``,
with ``m`` in the order of the selectors file; the first line holds the selectors.

Usage: expectations.py SELECTORS OUT NAME=DIR [NAME=DIR ...]
e.g.   expectations.py Tests/…/selectors.txt Tests/…/expectations.jsonl \
           corpus=../shared/corpus sample-site=sample-site/public
"""
import json
import os
import sys
from multiprocessing import Pool

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402


def read_selectors(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.lstrip().startswith("#")]


def one(job):
    name, root, path, selectors = job
    with open(path, "rb") as f:
        page = oracle.Page(f.read(), scripting=True)
    matches = []
    for selector in selectors:
        tag = page.select_first(selector)
        if tag is None:
            matches.append(None)
        else:
            ident = page.identify(tag)
            matches.append([ident["tag"], ident["line"], ident["col"]])
    return {"file": name + "/" + os.path.relpath(path, root), "m": matches}


def main():
    selectors_path, out = sys.argv[1], sys.argv[2]
    selectors = read_selectors(selectors_path)
    jobs = []
    for spec in sys.argv[3:]:
        name, root = spec.split("=", 1)
        for path in oracle.page_files([root]):
            jobs.append((name, root, path, selectors))
    with Pool(int(os.environ.get("JOBS", "2"))) as pool, open(out, "w", encoding="utf-8") as f:
        f.write(json.dumps({"selectors": selectors}, ensure_ascii=False) + "\n")
        for row in pool.imap(one, jobs, chunksize=8):
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
