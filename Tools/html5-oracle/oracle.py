#!/usr/bin/env python3
"""html5 oracle for pixeltag: what does a WHATWG (browser) parser build from a page?

pixeltag parses pages with libxml2, whose HTML parser follows HTML 4 rules. This
script answers the same questions with html5lib (a WHATWG tree builder), so the
Swift tests can compare against what a browser would see. Output is JSON lines.

Subcommands
-----------
``head --marker TEXT FILE_OR_DIR...``
    For each page, count the comment nodes whose text contains TEXT and how many of
    them lie inside ``<head>`` in the html5lib tree. Prints
    ``{"file", "encoding", "comments_in_head", "comments_total"}`` (plus ``"outside"``:
    where the others went). Exit status 1 when any marker comment lies outside head.
    A marker inside ``<template>`` content counts as outside: template content is
    inert, a script there never runs.

``select (--selectors FILE | --selector SEL ...) FILE_OR_DIR...``
    For each page and selector, the FIRST element html5lib's tree matches
    (BeautifulSoup(..., html5lib builder) + soupsieve) that has a start tag of its own
    in the source (implied elements and clones are passed over), printed as
    ``{"file", "selector", "tag", "ordinal", "line", "col"}``; ``tag`` and ``ordinal``
    are null when nothing matches. The selectors file holds one selector a line;
    blank lines and lines starting with ``#`` are skipped.

``dump FILE``
    The html5lib tree, one element a line, each with its source identity; for
    debugging a disagreement.

Directories are walked for ``*.html`` / ``*.htm`` (sorted). ``--no-scripting`` parses
as a browser with JavaScript off (``<noscript>`` content becomes markup); the
default is scripting on, as in the browsers where the pixel runs.

Decoding
--------
Pages are read as bytes and decoded as html5lib's input stream does for a browser:
BOM first, then ``<meta charset>`` / ``http-equiv`` in the first 1024 bytes (and a
re-parse when a later meta changes it), else UTF-8 (pixeltag's default; html5lib's
own default would be windows-1252). chardet is never used.

Identifying an element independently of tree shape
--------------------------------------------------
A WHATWG tree is not the source: the parser implies ``html``, ``head``, ``body`` and
``tbody``, moves (foster-parents) content out of tables, and clones formatting
elements (the adoption agency algorithm and "reconstruct the active formatting
elements": ``<b>1<p>2</b>3`` gives two ``<b>`` elements for one start tag).
So an element is reported by the start tag it came from:

* ``SourceTokenizer`` (a subclass of html5lib's tokenizer, driven by the parser as
  usual, so raw-text states for script/style/title/textarea are exactly the
  parser's) numbers every StartTag token per lowercased tag name, in source order,
  and records the line and column (1-based, in characters after decoding and
  newline normalisation) of its ``<``. Tokens are dicts; the number travels with
  the token as ``token["_pt"]``.
* ``SourceTreeBuilder`` (a subclass of bs4's html5lib tree builder) notes, for each
  element it creates (``createElement``, ``insertElementNormal``), the ``_pt`` of the
  token it was created from. Elements created while reconstructing active
  formatting elements are marked clones; elements made by ``cloneNode`` (adoption
  agency) never pass through those methods and are clones too; elements from a
  token without ``_pt`` (html5lib's ``impliedTagToken``) are implied.
* ``ordinal`` = index of the element's start tag among all start tags with the same
  (lowercased) name that the HTML tokenizer emits for the page, in source order.
  Start tags that make no element (a second ``<body>``, ignored tags) still take an
  ordinal, and tags inside template content count too, so the Swift side can
  compute the same number from its own byte ranges: count start tags by name in
  the source, skipping comments and raw text (script, style, title, textarea, xmp,
  iframe, noembed, noframes, noscript when scripting, plaintext).
* A match that is implied prints ``"ordinal": null, "implied": true``; a clone prints
  ``"ordinal": null, "clone": true`` (there is no source start tag to point at).

``<template>``
--------------
html5lib 1.1 predates ``<template>`` in its tree builder: it treats it as an unknown
element, so ``<template>`` in ``<head>`` ends the head, and ``<tr>`` inside a template
in a table is foster-parented. A browser instead parses template content into a
separate, inert DocumentFragment that selectors do not see. The tokenizer shim
emulates that from the outside: it swallows the tokens of the template content (up
to the matching ``</template>``, nesting counted, switching to raw-text states for
script/style/title/textarea itself), and hands the parser an empty ``<script>``
carrying the template's start tag, since a script and a template are treated
alike by every insertion mode a real page reaches (in head, after head, in body,
in table, in select). The element is renamed ``template`` after parsing. So the
template element is in the tree, in the right place, with no children, as in a
browser's DOM. Comments inside template content are tracked for ``head``.

Two fixes to bs4's html5lib tree builder
----------------------------------------
* html5lib's Noah's Ark clause (at most three equal entries in the list of active
  formatting elements) compares ``node.attributes``, which bs4 builds anew, without
  ``__eq__``, on each access: it never fired, and ``<b><b><b><b><p>x`` got one clone
  too many. The oracle compares the attribute dicts.
* bs4 keeps a next_element chain beside the child lists, and the html5lib builder
  leaves it incomplete (e.g. the doctype's next_element is None). soupsieve and
  find_all did not give a different answer on the corpus because of it, but the
  chain is rebuilt from the child lists anyway, so any bs4 walk sees the tree.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections import deque

import html5lib
from html5lib import _tokenizer
from html5lib._inputstream import _ReparseException  # noqa: F401  (re-parse on late <meta charset>)
from html5lib.constants import namespaces, tokenTypes
from html5lib.treebuilders.base import ActiveFormattingElements
from bs4 import BeautifulSoup, Comment, Tag
from bs4.builder._html5lib import HTML5TreeBuilder, TreeBuilderForHtml5lib
import soupsieve

START = tokenTypes["StartTag"]
END = tokenTypes["EndTag"]
COMMENT = tokenTypes["Comment"]
PARSE_ERROR = tokenTypes["ParseError"]
HTML_NS = namespaces["html"]

RAWTEXT = frozenset(["style", "xmp", "iframe", "noembed", "noframes"])
RCDATA = frozenset(["title", "textarea"])


class SourceTokenizer(_tokenizer.HTMLTokenizer):
    """html5lib's tokenizer, numbering start tags per name and shimming <template>."""

    def tagOpenState(self):
        # Called right after "<" was consumed in the data state: the stream position
        # (line 1-based, column 0-based of the next char) is the 1-based column of "<".
        self._pt_lt = self.stream.position()
        return super().tagOpenState()

    def _pt_annotate(self, token):
        kind = token["type"]
        if kind == START:
            name = token["name"]  # already ASCII-lowercased by emitCurrentToken
            k = self._pt_counts.get(name, 0)
            self._pt_counts[name] = k + 1
            token["_pt"] = (name, k, self._pt_lt[0], self._pt_lt[1])
        elif kind == COMMENT:
            token["_pt"] = ("#comment", None, self._pt_lt[0], self._pt_lt[1])

    def _pt_in_html_content(self):
        """True when the parser would treat a start tag now as HTML (not foreign content)."""
        parser = self.parser
        if parser is None:
            return True
        if parser.phase in (parser.phases["inFrameset"], parser.phases["afterFrameset"],
                            parser.phases["afterAfterFrameset"]):
            return False  # a frameset ignores <template>; its content is parsed as usual
        open_elements = parser.tree.openElements
        if not open_elements:
            return True
        node = open_elements[-1]
        if node.namespace in (None, HTML_NS):
            return True
        return parser.isHTMLIntegrationPoint(node) or parser.isMathMLTextIntegrationPoint(node)

    def __iter__(self):
        self.tokenQueue = deque([])
        self._pt_counts = {}
        self._pt_lt = (None, None)
        self.template_comments = []  # comment tokens swallowed inside template content
        scripting = bool(getattr(self.parser, "scripting", False))
        depth = 0  # > 0 while inside template content
        template = None
        foreign = 0  # svg/math nesting inside template content (no raw-text switching there)
        while self.state():
            while self.stream.errors:
                yield {"type": PARSE_ERROR, "data": self.stream.errors.pop(0)}
            while self.tokenQueue:
                token = self.tokenQueue.popleft()
                self._pt_annotate(token)
                kind = token["type"]
                if depth == 0:
                    if kind == START and self.parser is not None:
                        name = token["name"]
                        if name == "template" and self._pt_in_html_content():
                            depth, template, foreign = 1, token, 0
                            continue
                        if name == "html" and self.parser.phase in (
                                self.parser.phases["initial"], self.parser.phases["beforeHtml"]):
                            # html5lib inserts an implied root, then merges this tag's attributes.
                            self.parser.tree._pt_pending["html"] = token["_pt"]
                        elif name == "image":
                            # In body html5lib turns <image> into a new implied <img> token.
                            self.parser.tree._pt_pending["img"] = token["_pt"]
                    yield token
                    continue
                # Inside template content: swallow, keep the tokenizer state right.
                if kind == COMMENT:
                    self.template_comments.append(token)
                elif kind == START:
                    name = token["name"]
                    if name in ("svg", "math") and not token["selfClosing"]:
                        foreign += 1
                    elif foreign == 0:
                        if name == "template":
                            depth += 1
                        elif name == "script":
                            self.state = self.scriptDataState
                        elif name in RAWTEXT or (scripting and name == "noscript"):
                            self.state = self.rawtextState
                        elif name in RCDATA:
                            self.state = self.rcdataState
                        elif name == "plaintext":
                            self.state = self.plaintextState
                elif kind == END:
                    name = token["name"]
                    if name in ("svg", "math") and foreign:
                        foreign -= 1
                    elif name == "template":
                        depth -= 1
                        if depth == 0:
                            yield from self._pt_template_tokens(template, self.parser)
                            template = None
                            self.state = self.dataState  # the parser set scriptDataState
        if depth:
            yield from self._pt_template_tokens(template, self.parser)

    @staticmethod
    def _pt_template_tokens(template, parser):
        if parser is not None and parser.phase is parser.phases["inColumnGroup"]:
            # The one mode where a script and a template differ: a template goes into the
            # colgroup (in head rules). Insert it there directly; its content is gone anyway.
            parser.tree.insertElement({"type": START, "name": "template", "data": template["data"],
                                       "_pt": template["_pt"], "_pt_template": True})
            parser.tree.openElements.pop()
            return
        yield {"type": START, "name": "script", "data": template["data"],
               "selfClosing": False, "selfClosingAcknowledged": False,
               "_pt": template["_pt"], "_pt_template": True}
        yield {"type": END, "name": "script", "data": [], "selfClosing": False}


class SourceParser(html5lib.HTMLParser):
    """html5lib's parser with SourceTokenizer."""

    def _parse(self, stream, innerHTML=False, container="div", scripting=False, **kwargs):
        self.innerHTMLMode = innerHTML
        self.container = container
        self.scripting = scripting
        self.tokenizer = SourceTokenizer(stream, parser=self, **kwargs)
        self.reset()
        try:
            self.mainLoop()
        except html5lib._inputstream._ReparseException:
            self.reset()
            self.mainLoop()


class _ActiveFormattingElements(ActiveFormattingElements):
    """html5lib compares nodes' ``attributes``; bs4 hands out a new AttrList (no __eq__)
    each time, so the Noah's Ark clause (at most 3 equal entries) never fired and
    ``<b><b><b><b><p>x`` got one clone too many. Compare the attribute dicts instead."""

    def nodesEqual(self, node1, node2):
        return node1.nameTuple == node2.nameTuple and node1.tag.attrs == node2.tag.attrs


class SourceTreeBuilder(TreeBuilderForHtml5lib):
    """bs4's html5lib tree builder, noting which token each element came from."""

    def reset(self):
        super().reset()
        self.activeFormattingElements = _ActiveFormattingElements()
        self.pt_info = {}      # id(Tag) -> ("source", (name, ordinal, line, col)) | ("implied",) | ("clone",)
        self.pt_comments = {}  # id(Comment) -> (line, col)
        self.pt_templates = []
        self._pt_keep = []     # keeps objects alive so ids stay unique
        self._pt_reconstructing = False
        self._pt_pending = {}  # "html"/"img" -> _pt of the source tag behind the next implied one

    def _pt_note(self, element, token):
        tag = element.tag
        pending = self._pt_pending.pop(token["name"], None) if "_pt" not in token else None
        if self._pt_reconstructing:
            info = ("clone",)
        elif pending:
            info = ("source", pending)
        elif "_pt" in token:
            info = ("source", token["_pt"])
            if token.get("_pt_template"):
                self.pt_templates.append(tag)
        else:
            info = ("implied",)
        self.pt_info[id(tag)] = info
        self._pt_keep.append(tag)

    def createElement(self, token):
        element = super().createElement(token)
        self._pt_note(element, token)
        return element

    def insertElementNormal(self, token):
        element = super().insertElementNormal(token)
        self._pt_note(element, token)
        return element

    def reconstructActiveFormattingElements(self):
        self._pt_reconstructing = True
        try:
            return super().reconstructActiveFormattingElements()
        finally:
            self._pt_reconstructing = False

    def insertComment(self, token, parent=None):
        if parent is None:
            parent = self.openElements[-1]
        node = self.commentClass(token["data"])
        pt = token.get("_pt")
        if pt:
            self.pt_comments[id(node.string)] = (pt[2], pt[3])
        self._pt_keep.append(node.string)
        parent.appendChild(node)


class SourceHTML5Builder(HTML5TreeBuilder):
    """bs4 builder that parses with SourceParser and keeps the SourceTreeBuilder."""

    def __init__(self, scripting=True, default_encoding="utf-8", **kwargs):
        # Keep class, rel, ... as the source strings (soupsieve splits them itself), so
        # attribute comparison is exact as in the spec.
        kwargs.setdefault("multi_valued_attributes", None)
        super().__init__(**kwargs)
        self.scripting = scripting
        self.default_encoding = default_encoding
        self.last = None

    def create_treebuilder(self, namespaceHTMLElements):
        self.underlying_builder = SourceTreeBuilder(
            namespaceHTMLElements, self.soup, store_line_numbers=self.store_line_numbers)
        return self.underlying_builder

    def feed(self, markup):
        parser = SourceParser(tree=self.create_treebuilder)
        self.underlying_builder.parser = parser
        kwargs = {"scripting": self.scripting}
        if not isinstance(markup, str):
            kwargs.update(override_encoding=self.user_specified_encoding,
                          default_encoding=self.default_encoding, useChardet=False)
        doc = parser.parse(markup, **kwargs)
        if isinstance(markup, str):
            doc.original_encoding = None
        else:
            doc.original_encoding = parser.tokenizer.stream.charEncoding[0].name
        self.underlying_builder.parser = None
        self.last = (self.underlying_builder, parser.tokenizer)


class Page:
    """One parsed page: the bs4 tree plus where each node came from."""

    def __init__(self, data, scripting=True, default_encoding="utf-8"):
        if isinstance(data, str):
            data = data.encode("utf-8")
        builder = SourceHTML5Builder(scripting=scripting, default_encoding=default_encoding)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # XMLParsedAsHTMLWarning for pages starting <?xml
            self.soup = BeautifulSoup(data, builder=builder)
        tree, tokenizer = builder.last
        self.info = tree.pt_info
        self.comment_pos = tree.pt_comments
        self.template_comments = tokenizer.template_comments
        self.encoding = self.soup.original_encoding
        self._keep = tree._pt_keep
        for tag in tree.pt_templates:
            tag.name = "template"
        self.relinked = relink(self.soup)

    def identify(self, tag):
        """{tag, ordinal, line, col} or {tag, ordinal: None, implied|clone: True}."""
        info = self.info.get(id(tag), ("clone",))  # made by cloneNode (adoption agency)
        if info[0] == "source":
            name, ordinal, line, col = info[1]
            # The element's name, which is not always its tag's (<image> makes an img).
            return {"tag": tag.name.lower(), "ordinal": ordinal, "line": line, "col": col}
        return {"tag": tag.name.lower(), "ordinal": None, info[0]: True}

    def select_first(self, selector):
        """The first match in tree order that has a start tag of its own in the source.

        Implied elements and clones are passed over: there is no tag to put a block
        next to, so pixeltag passes over them too."""
        for tag in soupsieve.iselect(selector, self.soup):
            if self.info.get(id(tag), ("clone",))[0] == "source":
                return tag
        return None

    def marker_comments(self, marker):
        """(comment, line, col, where) for each comment containing marker; where is None inside head."""
        found = []
        for node in self.soup.descendants:
            if isinstance(node, Comment) and marker in node:
                line, col = self.comment_pos.get(id(node), (None, None))
                found.append((line, col, _where(node)))
        for token in self.template_comments:
            if marker in token["data"]:
                found.append((token["_pt"][2], token["_pt"][3], "template"))
        found.sort(key=lambda f: (f[0] or 0, f[1] or 0))
        return found


def _where(node):
    """None when node lies inside the html head element, else its parent's name."""
    for parent in node.parents:
        if isinstance(parent, Tag) and parent.name == "head" and parent.namespace in (None, HTML_NS):
            return None
    parent = node.parent
    if parent is None or isinstance(parent, BeautifulSoup):
        return "#document"
    return parent.name


def relink(soup):
    """Rebuild bs4's next_element/previous_element and sibling links from .contents.

    Returns how many links were wrong (0 when html5lib's moves left them intact)."""
    order = []
    stack = [soup]
    while stack:
        node = stack.pop()
        order.append(node)
        if isinstance(node, Tag):
            kids = node.contents
            for i, kid in enumerate(kids):
                kid.parent = node
                kid.previous_sibling = kids[i - 1] if i else None
                kid.next_sibling = kids[i + 1] if i + 1 < len(kids) else None
            stack.extend(reversed(kids))
    fixed = 0
    previous = None
    for node in order:
        if previous is not None and previous.next_element is not node:
            previous.next_element = node
            fixed += 1
        if node.previous_element is not previous:
            node.previous_element = previous
            fixed += 1
        previous = node
    if previous is not None and previous.next_element is not None:
        previous.next_element = None
        fixed += 1
    return fixed


def page_files(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if name.lower().endswith((".html", ".htm")):
                        yield os.path.join(root, name)
        else:
            yield path


def load(path, args):
    with open(path, "rb") as f:
        return Page(f.read(), scripting=args.scripting)


def emit(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def cmd_head(args):
    status = 0
    for path in page_files(args.files):
        page = load(path, args)
        found = page.marker_comments(args.marker)
        outside = [{"line": line, "col": col, "parent": where} for line, col, where in found if where]
        row = {"file": path, "encoding": page.encoding,
               "comments_in_head": len(found) - len(outside), "comments_total": len(found)}
        if outside:
            row["outside"] = outside
            status = 1
        emit(row)
    return status


def read_selectors(args):
    selectors = list(args.selector or [])
    if args.selectors:
        with open(args.selectors, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    selectors.append(line)
    if not selectors:
        sys.exit("select: give --selectors FILE or --selector SEL")
    for sel in selectors:
        try:
            soupsieve.compile(sel)
        except Exception as e:  # soupsieve.SelectorSyntaxError and friends
            sys.exit(f"select: bad selector {sel!r}: {e}")
    return selectors


def cmd_select(args):
    selectors = read_selectors(args)
    for path in page_files(args.files):
        page = load(path, args)
        for sel in selectors:
            row = {"file": path, "selector": sel}
            tag = page.select_first(sel)
            row.update(page.identify(tag) if tag is not None else {"tag": None, "ordinal": None})
            emit(row)
    return 0


def cmd_dump(args):
    for path in page_files(args.files):
        page = load(path, args)
        print(f"# {path} encoding={page.encoding} relinked={page.relinked}")

        def walk(tag, depth):
            for kid in tag.contents:
                if isinstance(kid, Tag):
                    ident = page.identify(kid)
                    ns = "" if kid.namespace in (None, HTML_NS) else " ns=" + kid.namespace.rsplit("/", 1)[-1]
                    if ident["ordinal"] is not None:
                        src = f"{ident['tag']}#{ident['ordinal']} @{ident['line']}:{ident['col']}"
                    else:
                        src = "implied" if ident.get("implied") else "clone"
                    print(f"{'  ' * depth}<{kid.name}>{ns}  [{src}]")
                    walk(kid, depth + 1)
                elif isinstance(kid, Comment):
                    print(f"{'  ' * depth}<!--{kid[:40]!s}-->")
        walk(page.soup, 0)
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-scripting", dest="scripting", action="store_false",
                    help="parse as a browser with JavaScript off")
    sub = ap.add_subparsers(dest="cmd", required=True)
    h = sub.add_parser("head", help="do marker comments land inside <head>?")
    h.add_argument("--marker", default="pixeltag:begin")
    h.add_argument("files", nargs="+")
    s = sub.add_parser("select", help="first match of each selector, by source start tag")
    s.add_argument("--selectors", help="file with one selector a line")
    s.add_argument("--selector", action="append", help="a selector (repeatable)")
    s.add_argument("files", nargs="+")
    d = sub.add_parser("dump", help="print the tree with source identities")
    d.add_argument("files", nargs="+")
    args = ap.parse_args(argv)
    return {"head": cmd_head, "select": cmd_select, "dump": cmd_dump}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
