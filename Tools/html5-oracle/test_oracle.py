"""Tests for the html5 oracle. Run: /tmp/oracle-venv/bin/python -m pytest Tools/html5-oracle"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import oracle  # noqa: E402


def first(html, selector, **kw):
    page = oracle.Page(html, **kw)
    tag = page.select_first(selector)
    return None if tag is None else page.identify(tag)


def test_implied_head_and_body():
    html = "<!doctype html><title>Hi</title><p>one<p>two"
    assert first(html, "head > title") == {"tag": "title", "ordinal": 0, "line": 1, "col": 16}
    assert first(html, "head") == {"tag": "head", "ordinal": None, "implied": True}
    assert first(html, "body > p:last-child")["ordinal"] == 1
    assert first(html, "html > p") is None
    # html5lib always inserts an implied root and merges <html>'s attributes into it;
    # the oracle still ties the root to the source tag.
    assert first("<!doctype html><html lang=en><p>x", "html") == {"tag": "html", "ordinal": 0, "line": 1, "col": 16}


def test_p_closed_by_section_and_foster_parenting():
    html = "<body><p>intro<section><p>inside</section><table><tr><td>1</td></tr><div>x</div></table>"
    # A browser closes the first <p> at <section>: the section is the p's sibling, not its child.
    assert first(html, "p > section") is None
    assert first(html, "p + *") == {"tag": "section", "ordinal": 0, "line": 1, "col": 15}
    assert first(html, "section > p")["ordinal"] == 1
    # <div> is foster-parented before the table, yet keeps its source identity; <tbody> is implied.
    assert first(html, "div + table")["tag"] == "table"
    assert first(html, "div")["ordinal"] == 0
    assert first(html, "tbody") == {"tag": "tbody", "ordinal": None, "implied": True}


def test_end_head_inside_comment_and_script(tmp_path, capsys):
    good = tmp_path / "good.html"
    good.write_text(
        "<html><head><title>t</title><!-- layout: scripts go before </head> -->\n"
        "<script>var s = '</head><body>';</script>\n"
        "<!-- pixeltag:begin base sha=1 --><script>tgp('init','p')</script><!-- pixeltag:end -->\n"
        "</head><body><p>x</p></body></html>\n")
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<html><head><title>t</title></head>\n"
        "<!-- pixeltag:begin base sha=1 --><script>tgp('init','p')</script><!-- pixeltag:end -->\n"
        "<body><p>x</p></body></html>\n")
    assert oracle.main(["head", "--marker", "pixeltag:begin", str(good)]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["comments_in_head"], row["comments_total"]) == (1, 1)
    # After </head> a comment becomes a child of <html> (while a <script> there would go back into head).
    assert oracle.main(["head", "--marker", "pixeltag:begin", str(bad)]) == 1
    row = json.loads(capsys.readouterr().out)
    assert row["comments_in_head"] == 0
    assert row["outside"] == [{"line": 2, "col": 1, "parent": "html"}]


def test_cloned_formatting_element():
    html = "<p>a <b>bold<p>still bold</b> plain"
    assert first(html, "p > b") == {"tag": "b", "ordinal": 0, "line": 1, "col": 6}
    # The second paragraph's <b> is made by "reconstruct the active formatting elements".
    assert first(html, "p + p > b") == {"tag": "b", "ordinal": None, "clone": True}
    # Adoption agency: <b><p>x</b>y moves content and clones <b> into the <p>.
    assert first("<b>1<p>2</b>3", "p > b") == {"tag": "b", "ordinal": None, "clone": True}
    # Noah's Ark clause: at most 3 equal formatting elements are reconstructed (bs4's builder needs a fix).
    page = oracle.Page("<p><b><b><b><b><p>x")
    assert len(page.soup.select("p + p b")) == 3


def test_template_is_inert_and_stays_in_head():
    html = ("<head><title>t</title><template id=tpl><p class=x>in template</p><!-- pixeltag:begin a -->"
            "<script>if (a<b) {}</script></template><meta name=after>"
            "<!-- pixeltag:begin b --></head><body><p class=x>real</p>")
    page = oracle.Page(html)
    assert [where for _, _, where in page.marker_comments("pixeltag:begin")] == ["template", None]
    assert first(html, "head > template + meta") == {"tag": "meta", "ordinal": 0, "line": 1, "col": 130}
    # Content of the template is not in the document: the first .x is the body's <p>, p#1.
    assert first(html, ".x")["ordinal"] == 1
    assert first(html, "template:empty")["tag"] == "template"


def test_encodings():
    cp1251 = ('<meta charset="windows-1251"><title>Привет</title><p class="й">x'.encode("cp1251"))
    page = oracle.Page(cp1251)
    assert page.encoding == "windows-1251"
    assert page.soup.title.string == "Привет"
    utf16 = "\ufeff<title>t</title><p>héllo".encode("utf-16-le")
    assert oracle.Page(utf16).encoding == "utf-16le"
    assert oracle.Page(b"<p>caf\xc3\xa9").encoding == "utf-8"  # no declaration: UTF-8, not windows-1252
