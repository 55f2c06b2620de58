// A consent manager as cookieconsent and Klaro work (as in sites/consent): a <script
// type="text/plain" data-category="C"> stays inert until the visitor accepts C; then each
// such script in the page, in document order, is replaced by a live copy with the same
// attributes but the type. #accept, in the header, stays across the router's page views.
(function () {
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("#accept")) return;
    document.querySelectorAll('script[type="text/plain"][data-category="analytics"]').forEach(function (script) {
      var live = document.createElement("script");
      Array.prototype.forEach.call(script.attributes, function (a) {
        if (a.name !== "type") live.setAttribute(a.name, a.value);
      });
      live.text = script.text;
      script.replaceWith(live);
    });
  });
})();
