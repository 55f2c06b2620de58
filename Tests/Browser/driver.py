#!/usr/bin/env python3
"""Loads pages in headless Chromium and writes down what happened on each, as JSON.

The browser suite (Tests/PixelTagKitTests/Browser) runs pixeltag on fixture sites, then
runs this once with a plan: the folders to serve and, for each page, the steps to take
(clicks, key presses, the back button, each optionally waiting for an element of the page
a client-side router shows next). One browser serves the whole plan, several tabs at once,
each recording page after page (see Tab). A folder the plan gives a port ("ports": a site
built for one address, as MkDocs' site_url) is served at that port.

Nothing leaves the machine. Each folder is served by its own HTTP server on 127.0.0.1, so
a page's root-relative links work. The Pixel Tag loader (the URLs in the plan's
"pixelScripts", e.g. https://telegram.org/js/pixel.js) is answered by a stub that does what
the real loader does with the queue the base code builds (replays it, then takes over
`tgp`) and records every call; any other request that is not to 127.0.0.1 is refused and
counted. A navigation away from the page (a link, a form the page lets submit) is answered
204 No Content, so the browser keeps the page and its record goes on; it is counted too.

    driver.py PLAN.json OUT.json     record the plan's pages
    driver.py --probe                exit 0 when Playwright and chromium are usable

Which scripts ran comes from the DevTools protocol (Debugger.scriptParsed: a classic script
is compiled right before it runs, and an inert one never is), matched to the DOM's scripts
by their text; a script is named by the pixeltag block of the page's source that holds its
text.
"""

import asyncio
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse

INSTALL = "needs chromium and Playwright for Python (apt-get install chromium; pip install playwright)"

# What the real loader does with the base code's queue: replays it, then answers calls
# itself. Each call is recorded (as JSON values) for the driver to read after each step.
STUB = r"""
(function (w) {
  var calls = w.__pixeltagBrowserCalls || (w.__pixeltagBrowserCalls = []);
  function record(args) { calls.push(JSON.parse(JSON.stringify(Array.prototype.slice.call(args)))); }
  var queued = (w.tgp && w.tgp.q) || [];
  w.tgp = function () { record(arguments); };
  for (var i = 0; i < queued.length; i++) record(queued[i]);
})(window);
"""

# In every document before its own scripts: marks each external script once it has loaded
# or failed, so the driver can wait for the loader a step inserted.
WATCH = r"""
(function (d) {
  function done(e) { if (e.target && e.target.localName === 'script') e.target.__pixeltagSettled = true; }
  d.addEventListener('load', done, true);
  d.addEventListener('error', done, true);
  // What a Content-Security-Policy refused: the directive, and "inline" or the URL.
  d.addEventListener('securitypolicyviolation', function (e) {
    var list = window.__pixeltagViolations || (window.__pixeltagViolations = []);
    list.push({ directive: e.effectiveDirective, blocked: e.blockedURI, line: e.lineNumber || null });
  }, true);
})(document);
"""

# A browser that sends Global Privacy Control: `navigator.globalPrivacyControl` is true (as in
# browsers that implement the GPC specification; Chromium does not yet), beside the
# `Sec-GPC: 1` request header.
GPC = r"""
Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: function () { return true; }, configurable: true });
"""

SETTLED = r"""
() => Array.prototype.every.call(document.scripts, function (s) {
  return !s.src || s.__pixeltagSettled || !/^(|text\/javascript|module|application\/javascript)$/i.test(s.type);
})
"""

# The page's scripts in tree order, each with its parent element; how many pixeltag begin
# markers the DOM holds as comment nodes; and how often "pixeltag:begin" appears in the
# serialized DOM (template contents, text and attribute values included): more than the
# comments means a marker the browser read as text, so a block that never runs.
DOM = r"""
() => {
  function describe(el) {
    if (!el) return '(detached)';
    var name = el.localName;
    if (name === 'head' || name === 'body' || name === 'html') return name;
    return name + (el.id ? '#' + el.id : '');
  }
  var scripts = [], comments = 0;
  var walker = document.createTreeWalker(document, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT);
  for (var n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.COMMENT_NODE) {
      if (n.data.trim().indexOf('pixeltag:begin ') === 0) comments++;
    } else if (n.localName === 'script') {
      scripts.push({
        text: n.src ? '' : n.text,
        src: n.getAttribute('src'),
        type: n.getAttribute('type'),
        category: n.getAttribute('data-category'),
        where: describe(n.parentElement)
      });
    }
  }
  var serialized = Array.prototype.map.call(document.childNodes, function (node) {
    return node.nodeType === Node.ELEMENT_NODE ? node.outerHTML : (node.data || '');
  }).join('');
  return { scripts: scripts, comments: comments, mentions: (serialized.match(/pixeltag:begin/g) || []).length };
}
"""

BLOCK = re.compile(r"<!-- pixeltag:begin (\S+) [^>]*-->(.*?)<!-- pixeltag:end -->", re.S)
SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.S | re.I)


def blocks_in(source):
    """The pixeltag blocks of a page's source, in order: label and the text of each script,
    as a browser's DOM holds it (line breaks normalized)."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    return [(label, SCRIPT.findall(content)) for label, content in BLOCK.findall(text)]


def attribute_blocks(source, scripts):
    """Names each DOM script by the block of the source whose script has its text (the tree
    builder may move a script away from its markers: one after </head> goes into the head).
    A block whose script is not a script of the DOM is found wanting."""
    taken, blocks = set(), []
    for label, texts in blocks_in(source):
        found, where = 0, None
        for text in texts:
            match = next((i for i, s in enumerate(scripts) if i not in taken and not s["src"] and s["text"] == text), None)
            if match is not None:
                taken.add(match)
                scripts[match]["block"] = label
                found += 1
                where = where or scripts[match]["where"]
        blocks.append({"label": label, "scripts": len(texts), "found": found, "where": where})
    for script in scripts:
        script.setdefault("block", None)
    return blocks


def probe():
    """One line and exit 1 when the suite cannot run here; exit 0 when it can."""
    try:
        import playwright.async_api  # noqa: F401
    except Exception:
        print(INSTALL)
        return 1
    chromium = shutil.which("chromium")
    try:
        ok = chromium is not None and subprocess.run(
            [chromium, "--version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30).returncode == 0
    except Exception:
        ok = False
    if not ok:
        print(INSTALL)
        return 1
    return 0


def headers_rules(folder):
    """The rules of a `_headers` file in the served folder, as Netlify and Cloudflare Pages
    read it: a URL pattern (`*` anything, `:name` one segment), then indented `Name: value`."""
    rules = []
    try:
        with open(os.path.join(folder, "_headers"), encoding="utf-8") as file:
            lines = file.read().split("\n")
    except OSError:
        return rules
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[0] in " \t":
            if rules and ":" in stripped:
                name, value = stripped.split(":", 1)
                rules[-1][1].append((name.strip(), value.strip()))
        else:
            pattern = "^" + re.sub(r"\\\*", ".*", re.sub(r":[A-Za-z][A-Za-z0-9_]*", "[^/]+", re.escape(stripped).replace("\\:", ":"))) + "$"
            rules.append((re.compile(pattern), []))
    return rules


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # The folder's _headers file, as the hosts that read one serve it.
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        for pattern, headers in headers_rules(self.directory):
            if pattern.match(path):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()


def serve(folder, port=0):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=folder))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def step_name(step):
    if "click" in step:
        return "click " + step["click"]
    if "press" in step:
        return "press " + step["press"] + " in " + step["in"]
    if step.get("back"):
        return "back"
    raise ValueError("unknown step %r: use {\"click\": SELECTOR}, {\"press\": KEY, \"in\": SELECTOR} or {\"back\": true}" % step)


async def take(page, step):
    if "click" in step:
        await page.click(step["click"], timeout=5000)
    elif "press" in step:
        await page.press(step["in"], step["press"], timeout=5000)
    else:
        # The browser's back button; a client-side router shows the earlier page itself.
        await page.evaluate("() => history.back()")
    # A client-side router shows the next page a while after the click: the step's
    # "waitFor" is an element of that page (a loaded machine may take seconds).
    if "waitFor" in step:
        await page.wait_for_selector(step["waitFor"], state="attached", timeout=30000)


async def settle(page):
    """Waits until every external script the page holds has loaded (the loader a step or
    the consent manager inserted) and the tasks queued meanwhile have run."""
    for _ in range(100):
        await page.evaluate("() => new Promise(function (r) { setTimeout(r, 0); })")
        if await page.evaluate(SETTLED):
            await page.evaluate("() => new Promise(function (r) { setTimeout(r, 10); })")
            if await page.evaluate(SETTLED):
                return
        await asyncio.sleep(0.02)


class PageRecord:
    def __init__(self, name):
        self.steps = []
        self.begin(name)
        self.console = []
        self.errors = []
        self.parsed = []

    loaded = False

    def begin(self, name):
        self.current = {"name": name, "ran": [], "fetched": [], "calls": [], "navigations": [], "refused": [], "address": None}
        self.steps.append(self.current)


class Tab:
    """One tab that records page after page. A fresh browser context per page would cost a
    renderer process each (three times the time); instead, between pages the tab goes back
    to about:blank and the page's origin loses its cookies and storage, so that no page
    sees what another left."""

    def __init__(self, browser, pixel_scripts, gpc=False):
        self.browser = browser
        self.pixel_scripts = pixel_scripts
        self.gpc = gpc
        self.context = None
        self.record = None

    async def open(self):
        headers = {"Sec-GPC": "1"} if self.gpc else {}
        self.context = await self.browser.new_context(service_workers="block", extra_http_headers=headers)
        self.page = await self.context.new_page()
        await self.context.route("**/*", self.route)
        await self.context.add_init_script(WATCH)
        if self.gpc:
            await self.context.add_init_script(GPC)
        self.page.on("console", self.console)
        self.page.on("pageerror", self.page_error)
        self.cdp = await self.context.new_cdp_session(self.page)
        self.cdp.on("Debugger.scriptParsed", self.script_parsed)
        await self.cdp.send("Debugger.enable")

    async def close(self):
        if self.context:
            await self.context.close()
        self.context = None

    def local(self, address):
        return address[len(self.origin):] if address.startswith(self.origin) else address

    async def route(self, route):
        request, record = route.request, self.record
        address = request.url
        if record is None:
            await route.continue_()
            return
        navigation = request.is_navigation_request() and request.frame == self.page.main_frame
        if address.split("#")[0] in self.pixel_scripts:
            record.current["fetched"].append(address)
            await route.fulfill(status=200, content_type="text/javascript", body=STUB)
        elif urllib.parse.urlsplit(address).hostname == "127.0.0.1":
            if navigation and record.loaded:
                record.current["navigations"].append(self.local(address))
                await route.fulfill(status=204)
            else:
                await route.continue_()
        else:
            record.current["refused"].append(address)
            if navigation:
                await route.fulfill(status=204)
            else:
                await route.abort("blockedbyclient")

    def console(self, message):
        if self.record is not None and message.type == "error":
            where = message.location or {}
            line = where.get("lineNumber")
            self.record.console.append({
                "text": message.text.replace(self.origin, ""), "url": self.local(where.get("url") or ""),
                "line": line + 1 if isinstance(line, int) and where.get("url") else None})

    def page_error(self, error):
        if self.record is not None:
            self.record.errors.append({"message": error.message, "stack": (error.stack or "").replace(self.origin, "")})

    def script_parsed(self, event):
        if self.record is not None:
            self.record.parsed.append((self.record.current, event))

    async def record_page(self, job, origin, folder):
        if self.context is None:
            await self.open()
        self.origin = origin
        url = origin + "/" + urllib.parse.quote(job["path"])
        record = self.record = PageRecord("load")
        with open(os.path.join(folder, job["path"]), "rb") as file:
            source = file.read().decode("utf-8", errors="replace")
        try:
            return await self.visit(job, url, record, source)
        finally:
            self.record = None
            await self.page.goto("about:blank")
            await self.cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            await self.context.clear_cookies()

    async def visit(self, job, url, record, source):
        page, cdp = self.page, self.cdp
        # A loaded machine (a full `swift test` beside other builds) took over 15 s to load a
        # sample-site page: the margins are for load, not for a page that hangs.
        response = await page.goto(url, wait_until="load", timeout=60000)
        status = response.status if response else None
        record.loaded = True
        await settle(page)
        record.current["calls"] = await page.evaluate("() => (window.__pixeltagBrowserCalls || []).splice(0)")
        for step in job.get("steps", []):
            record.begin(step_name(step))
            try:
                await take(page, step)
            except Exception as error:
                record.current["failed"] = str(error).splitlines()[0]
            await settle(page)
            record.current["calls"] = await page.evaluate("() => (window.__pixeltagBrowserCalls || []).splice(0)")
            # Where the page is after the step: a client-side router changes the address
            # without loading a document.
            record.current["address"] = self.local(page.url)

        violations = await page.evaluate("() => window.__pixeltagViolations || []")
        dom = await page.evaluate(DOM)
        blocks = attribute_blocks(source, dom["scripts"])
        # Match each script that ran, in the order it ran, to the first DOM script with its text.
        lengths = {len(s["text"].encode("utf-16-le")) // 2 for s in dom["scripts"] if s["text"]}
        used = set()
        for step, event in record.parsed:
            source_url = event.get("url", "")
            if source_url.split("#")[0] in self.pixel_scripts:
                step["ran"].append({"src": source_url})
                continue
            if source_url not in ("", url) or event.get("length") not in lengths:
                continue
            try:
                source = (await cdp.send("Debugger.getScriptSource", {"scriptId": event["scriptId"]}))["scriptSource"]
            except Exception:
                # A script of a page the tab has left: gone with it.
                continue
            match = next((i for i, s in enumerate(dom["scripts"]) if i not in used and s["text"] == source and not s["src"]), None)
            if match is not None:
                used.add(match)
                step["ran"].append({"script": match})
            elif source_url == url:
                step["ran"].append({"text": source})
        for index, script in enumerate(dom["scripts"]):
            script["ran"] = index in used or (script["src"] is not None and any(
                r.get("src", "").endswith(script["src"]) for s in record.steps for r in s["ran"]))
            if script["src"]:
                script["src"] = self.local(script["src"])
        return {
            "url": self.local(url),
            "status": status,
            "steps": record.steps,
            "scripts": dom["scripts"],
            "blocks": blocks,
            "comments": dom["comments"],
            "mentions": dom["mentions"],
            "console": record.console,
            "errors": record.errors,
            "violations": violations,
            "policy": response.headers.get("content-security-policy") if response else None,
        }


async def run(plan):
    from playwright.async_api import async_playwright

    # A site built for one address (MkDocs' site_url) is served at that address's port.
    ports = plan.get("ports", {})
    servers = {name: serve(folder, ports.get(name, 0)) for name, folder in plan["roots"].items()}
    origins = {name: "http://127.0.0.1:%d" % server.server_address[1] for name, server in servers.items()}
    pixel_scripts = set(plan["pixelScripts"])
    queue = asyncio.Queue()
    for job in plan["pages"]:
        queue.put_nowait(job)
    results = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=shutil.which("chromium"), headless=True)

        async def worker():
            tabs = {False: Tab(browser, pixel_scripts), True: Tab(browser, pixel_scripts, gpc=True)}
            while not queue.empty():
                job = queue.get_nowait()
                tab = tabs[bool(job.get("gpc"))]
                try:
                    results[job["id"]] = await asyncio.wait_for(tab.record_page(job, origins[job["root"]], plan["roots"][job["root"]]), timeout=180)
                except Exception as error:
                    message = str(error).splitlines()[0] if str(error) else ""
                    results[job["id"]] = {"failure": "%s: %s" % (type(error).__name__, message)}
                    # The tab may be stuck mid-page: the next page gets a new one.
                    try:
                        await tab.close()
                    except Exception:
                        tab.context = None
            for tab in tabs.values():
                await tab.close()

        await asyncio.gather(*(worker() for _ in range(max(1, plan.get("jobs", 4)))))
        version = browser.version
        await browser.close()
    for server in servers.values():
        server.shutdown()
    return {"browser": version, "pages": results}


def main(arguments):
    if arguments[:1] == ["--probe"]:
        return probe()
    if len(arguments) != 2:
        print(__doc__)
        return 2
    with open(arguments[0]) as file:
        plan = json.load(file)
    result = asyncio.run(run(plan))
    with open(arguments[1], "w") as file:
        json.dump(result, file, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
