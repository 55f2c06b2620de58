/// What a page under a client-side router gets instead of plain event scripts: each of its
/// event blocks and its click and submit listener hands its call (or its listener rows) to a
/// small runtime placed right after the base code, which runs each block once a page view.
///
/// A page view is a set of block *elements*. The page loaded in full runs its blocks as it is
/// parsed; a router that shows another page brings that page's blocks in as new elements
/// (pixeltag puts them inside the part of the page the router replaces, `ClientRouter.container`).
/// A block element runs its call once, whoever runs it: the parser, the router running the new
/// content's scripts again (Turbo, Material, Astro for a text the page it left did not have),
/// or the runtime, which at the router's hook runs by a copy each block element the router
/// brought in without running it (Swup, Astro for a text it ran before, a router of the
/// site's own). Elements that stay from an earlier view (outside what the router replaced)
/// have run already, so nothing fires twice however many hooks arrive, and the base code's
/// `init` (one element in the head, the same on every page, which routers keep) never again.
///
/// Blocks queue their calls as `tgp` does: `(window.pixeltag=window.pixeltag||[]).push(…)`
/// works before the runtime is there (a consent manager may enable it later) and after. All of
/// it is inline script with a fixed text, no `eval` and no inline handler, so the
/// Content-Security-Policy `pixeltag csp` writes (a hash of each block) allows it: a copy has
/// its original's text, so its hash.
///
/// Consent: a block held back for a category carries the category in its call. The runtime
/// runs it once the category is granted in this document: by the runtime itself running (it
/// is held back for the base code's category), or by a held-back block that runs with its
/// attributes on (a consent manager enabled it), or any block of that category that runs
/// before the first navigation (only a consent manager runs a held-back block then). Material
/// runs the container's scripts again by bare copies, without the attributes that held them
/// back: such a block of a category not yet granted waits for it, and fires only if the
/// visitor grants it while its page is shown.
package enum NavigationScript {
    /// The start of every block's script; the runtime recognises blocks by it.
    static let queue = "(window.pixeltag=window.pixeltag||[]).push([document.currentScript,"

    /// An event's call, handed to the runtime. `call` is the snippet's JavaScript
    /// (`EventCall.body`).
    static func event(call: String, consent: String?, skipsUnderGPC: Bool) -> String {
        "<script>\n" + queue + "function(){\n" + guarded(call, skipsUnderGPC) + "\n}" + category(consent) + "]);\n</script>"
    }

    /// The page's click and submit listener rows, handed to the runtime, which listens once
    /// and uses only the rows of blocks still in the page.
    static func listener(_ entries: [TriggerScript.Entry], consent: String?, skipsUnderGPC: Bool) -> String {
        let rows = entries.map { entry in
            "[" + JavaScriptString.literal(entry.trigger.rawValue) + "," + JavaScriptString.literal(entry.selector)
                + ",function(){\n" + guarded(entry.call, skipsUnderGPC) + "\n}]"
        }
        return "<script>\n" + queue + "[\n" + rows.joined(separator: ",\n") + "\n]" + category(consent) + "]);\n</script>"
    }

    private static func guarded(_ call: String, _ skipsUnderGPC: Bool) -> String {
        skipsUnderGPC ? "if (!navigator.globalPrivacyControl) {" + call + "}" : call
    }

    /// Categories hold only letters, digits, `-`, `_` and `.` (the config checks), so the
    /// literal is the name in quotes, which the runtime reads back from a block's text.
    private static func category(_ consent: String?) -> String {
        consent.map { "," + JavaScriptString.literal($0) } ?? ""
    }

    /// How the runtime learns that a router showed a page.
    static func hooks(for router: ClientRouter) -> String {
        switch router {
        case .material:
            // Material's bundle, at the end of the body, defines `document$`; it notifies its
            // subscribers once the first page is shown and after each instant navigation,
            // once the container's scripts ran again.
            return """
                  function material() { if (w.document$) w.document$.subscribe(function () { view(); }); }
                  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", material); else material();
                """
        case .history:
            // No event to wait for: once the address changed (pushState, replaceState,
            // popstate), every change of the DOM may bring the new page's blocks; they are
            // looked for a task later, when a router that runs scripts itself has done so.
            return """
                  var at = here(), later = 0;
                  function soon() { if (!later) later = setTimeout(function () { later = 0; view(); }, 0); }
                  function check() { if (here() !== at) { at = here(); soon(); } }
                  ["pushState", "replaceState"].forEach(function (name) {
                    var original = history[name];
                    history[name] = function () { var result = original.apply(this, arguments); check(); return result; };
                  });
                  w.addEventListener("popstate", check);
                  new MutationObserver(function () { if (start === null) soon(); check(); }).observe(d, { childList: true, subtree: true });
                """
        case .astro, .turbo, .swup:
            return "      d.addEventListener(\(JavaScriptString.literal(router.event ?? "")), view);"
        }
    }

    /// The runtime for pages of one router. Its text is the same on every page of a site
    /// (routers keep a head element whose markup the next page repeats, and do not run it
    /// again), so one hash allows it. `consent` is the base code's category, which the
    /// runtime is held back for.
    static func runtime(for router: ClientRouter, consent: String?) -> String {
        """
        <script>
        (function (w, d) {
          var queued = w.pixeltag;
          if (queued && queued.ready) return;
          var granted = {}, waiting = [], rows = [], mine = \(consent.map(JavaScriptString.literal) ?? "null");
          var block = /^\\s*\\(window\\.pixeltag=window\\.pixeltag\\|\\|\\[\\]\\)\\.push\\(/, named = /,"([\\w.-]+)"\\]\\);\\s*$/;
          function here() { return location.pathname + location.search; }
          // Until the first navigation, only a consent manager runs a held-back block.
          var start = here();
          if (mine) granted[mine] = 1;
          // Turbo renders a cached copy first, then the page it fetched: only the latter counts.
          function preview() { return d.documentElement.hasAttribute("data-turbo-preview"); }
          function run(entry) {
            if (typeof entry[1] === "function") entry[1](); else rows.push([entry[0], entry[1]]);
          }
          function take(entry) {
            var s = entry[0], c = entry[2];
            if (s) {
              if (s.pixeltagRan || !s.isConnected || preview()) return;
              if (c && !granted[c]) {
                if (!(s.attributes.length || here() === start)) { s.pixeltagWaits = 1; waiting.push(entry); return; }
                grant(c);
              }
              s.pixeltagRan = 1;
            }
            run(entry);
          }
          function grant(c) {
            granted[c] = 1;
            var now = waiting; waiting = [];
            for (var i = 0; i < now.length; i++) take(now[i]);
          }
          // A page view: blocks the router brought in without running them run by a copy.
          // One held back for a category not granted is left to the consent manager.
          function view() {
            if (preview()) return;
            if (start !== null && here() !== start) start = null;
            var all = d.getElementsByTagName("script");
            for (var i = 0; i < all.length; i++) {
              var s = all[i];
              if (s.pixeltagRan || s.pixeltagWaits || !block.test(s.text)) continue;
              if (/^text\\/plain$/i.test(s.type)) { var c = named.exec(s.text); if (!c || !granted[c[1]]) continue; }
              var n = d.createElement("script");
              if (s.nonce) n.nonce = s.nonce;
              n.text = s.text;
              s.pixeltagRan = 1;
              s.parentNode.replaceChild(n, s);
            }
          }
          function listen(kind) {
            d.addEventListener(kind, function (e) {
              var t = e.target, by = e.submitter;
              for (var i = 0; i < rows.length; i++) {
                if (rows[i][0] && !rows[i][0].isConnected) { rows.splice(i--, 1); continue; }
                var list = rows[i][1];
                for (var j = 0; j < list.length; j++) {
                  var r = list[j];
                  if (r[0] === kind && ((t && t.closest && t.closest(r[1])) || (kind === "submit" && by && by.closest(r[1])))) r[2]();
                }
              }
            }, true);
          }
          listen("click");
          listen("submit");
          w.pixeltag = { ready: 1, push: take };
          for (var k = 0; queued && k < queued.length; k++) take(queued[k]);
        \(hooks(for: router))
        })(window, document);
        </script>
        """
    }
}
