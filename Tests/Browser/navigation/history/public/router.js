// A minimal client-side router, standing in for those pixeltag cannot install here (Astro's
// <ClientRouter />, Turbo, Swup): a click on a[data-spa] fetches that page, swaps its
// #app for the current one and pushes its URL; the back button shows the earlier page the
// same way. Scripts parsed by DOMParser do not run when moved into the page: on <html
// data-rerun> pages the router runs #app's scripts again by new elements, as Turbo and
// Material do; on the others it leaves them, as Swup does.
(function () {
  function show(url) {
    return fetch(url).then(function (response) { return response.text(); }).then(function (html) {
      var next = new DOMParser().parseFromString(html, "text/html");
      var app = next.getElementById("app");
      document.getElementById("app").replaceWith(app);
      document.title = next.title;
      if (document.documentElement.hasAttribute("data-rerun")) {
        app.querySelectorAll("script").forEach(function (old) {
          var script = document.createElement("script");
          script.text = old.text;
          old.replaceWith(script);
        });
      }
    });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-spa]");
    if (!link) return;
    event.preventDefault();
    history.pushState(null, "", link.href);
    show(link.href);
  });
  window.addEventListener("popstate", function () { show(location.href); });
})();
