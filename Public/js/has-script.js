/* Loaded by every page's head, before the stylesheets apply: marks the page as running scripts
   (class "js"), so what needs JavaScript shows and what says it is missing hides, with no flash.
   A file, not an inline script, so a Content-Security-Policy of script-src 'self' lets it run. */
document.documentElement.classList.add("js");
