/* Reading offline: the service worker (sw.js, written by the build at the site's root) keeps
   every page of this build on the reader's device after the first visit over HTTPS (or
   http://localhost). Opened from disk there is no service worker, and none is needed. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || (location.protocol !== "https:" && location.protocol !== "http:")) return;
  /* sw.js and the manifest are at the site's root, above a translation's own folder. */
  var root = document.documentElement.getAttribute("data-assets") || document.documentElement.getAttribute("data-root") || "";
  /* The web-app manifest is linked from here, not from the page: opened from disk, Chromium
     refuses to read it and says so in the console. */
  var manifest = document.createElement("link");
  manifest.rel = "manifest";
  manifest.href = root + "manifest.webmanifest";
  document.head.appendChild(manifest);
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(root + "sw.js").catch(function () {
      /* Without it the site works as before, online. */
    });
  });
})();
