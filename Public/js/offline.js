/* Reading offline: the service worker (sw.js, written by the build at the site's root) keeps
   every page of this build on the reader's device after the first visit over HTTPS (or
   http://localhost). Opened from disk there is no service worker, and none is needed. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || (location.protocol !== "https:" && location.protocol !== "http:")) return;
  var root = document.documentElement.getAttribute("data-root") || "";
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(root + "sw.js").catch(function () {
      /* Without it the site works as before, online. */
    });
  });
})();
