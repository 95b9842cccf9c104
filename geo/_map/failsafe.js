/* geomap: say why when the map cannot start, instead of leaving a blank page (ours, MIT).
 *
 * Runs first in the head. A script or stylesheet that fails to load, or an error thrown
 * before the map has started, shows one message over the page with the reason. Errors
 * after the map has started (window.geomap set) are left to the console: the map works.
 * Failed images (map tiles offline) are not failures: the offline basemap stands in.
 */
(function () {
  "use strict";
  var shown = false;
  function show(reason) {
    if (shown || window.geomap) {
      return;
    }
    shown = true;
    function put() {
      var cdn = document.documentElement.getAttribute("data-geomap-assets") === "cdn";
      var box = document.createElement("div");
      box.id = "geomap-fail";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;z-index:100000;left:0;right:0;top:15vh;margin:0 auto;" +
        "box-sizing:border-box;width:min(560px,92vw);background:#fff;color:#1d1d1d;" +
        "border:2px solid #9b1c1c;overflow-wrap:anywhere;" +
        "border-radius:6px;padding:14px 18px;font:15px/1.45 system-ui,sans-serif;" +
        "box-shadow:0 2px 12px rgba(0,0,0,.35)";
      var h = document.createElement("strong");
      h.textContent = "The map could not be shown.";
      box.appendChild(h);
      var p = document.createElement("div");
      p.textContent = "Reason: " + reason;
      box.appendChild(p);
      var hint = document.createElement("div");
      hint.style.marginTop = "6px";
      hint.textContent = cdn
        ? "This page loads Leaflet from the internet (it was rendered with --cdn): open it " +
          "while online, or render it again without --cdn for a page that works offline."
        : "Please report this, with the command that made the page.";
      box.appendChild(hint);
      document.body.appendChild(box);
    }
    if (document.body) {
      put();
    } else {
      document.addEventListener("DOMContentLoaded", put);
    }
  }
  window.addEventListener(
    "error",
    function (e) {
      var t = e.target;
      if (t && (t.tagName === "SCRIPT" || (t.tagName === "LINK" && t.rel === "stylesheet"))) {
        show("could not load " + (t.src || t.href));
      } else if (!t || t === window) {
        show(e.message || String(e.error));
      }
    },
    true
  );
  window.addEventListener("unhandledrejection", function (e) {
    show(String(e.reason && e.reason.message ? e.reason.message : e.reason));
  });
  window.addEventListener("load", function () {
    window.setTimeout(function () {
      if (!window.L) {
        show("Leaflet did not load");
      }
    }, 0);
  });
  window.GeoMapFail = show;
})();
