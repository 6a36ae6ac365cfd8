/* A handout's Print button. It is in the page but hidden until this script runs, because it
   needs a script to work; the print stylesheet leaves it (with the rest of the tools) off paper. */
(function () {
  "use strict";
  function start() {
    var holder = document.querySelector(".handout-print");
    var button = holder && holder.querySelector(".print-button");
    if (!button || typeof window.print !== "function") return;
    button.addEventListener("click", function () { window.print(); });
    holder.hidden = false;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
