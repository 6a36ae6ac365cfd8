/* The reader's site: search, the treatment finder and glossary definitions.
   Everything here only enhances pages that already work without JavaScript. */
(function () {
  "use strict";

  var root = document.documentElement.getAttribute("data-root") || "";
  /* Where css/ and js/ are: the site's root, above a translation's own (es/). The asset
     manifest names files by their paths from there; an edition's own files are in its folder. */
  var assets = document.documentElement.getAttribute("data-assets") || root;
  var edition = document.documentElement.getAttribute("data-edition") || "";

  /* The words this script writes, in the page's language: the build puts the string table's
     text.script group on each page (#strings). A word it lacks shows as its key, not as English. */
  var words = (function () {
    var node = document.getElementById("strings");
    try { return node ? JSON.parse(node.textContent) : {}; } catch (error) { return {}; }
  })();

  /** The words for `key` with each {name} filled from `values`. */
  function say(key, values) {
    var text = Object.prototype.hasOwnProperty.call(words, key) ? words[key] : key;
    return text.replace(/\{([A-Za-z]+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  /** "1 result for …" or "3 results for …": the table has a -one and an -other form of each. */
  function sayCount(key, count, values) {
    var all = { count: count };
    Object.keys(values || {}).forEach(function (name) { all[name] = values[name]; });
    return say(key + (count === 1 ? "-one" : "-other"), all);
  }

  // MARK: - Search

  /* The search engine (search.js) and its data (search-index.js, written by the build) are
     scripts, not fetched JSON, so that search works from file:// too; they load only when
     someone searches, to keep every page small on first load. Both are published under names
     with a hash of their bytes; asset-manifest.js (which keeps its name) says which, with the
     hash their bytes must have. */

  var engine = null;
  var index = null;
  var waiting = [];
  var loading = false;

  function load(path, integrity, then) {
    var script = document.createElement("script");
    script.src = assets + path;
    if (integrity) script.integrity = integrity;
    script.addEventListener("load", function () { then(true); });
    script.addEventListener("error", function () { then(false); });
    document.head.appendChild(script);
  }

  /** Loads a file by the name it was made at, under the name it is published under. */
  function loadAsset(name, then) {
    function fromManifest() {
      var asset = window.GUIDE_ASSETS[name];
      if (!asset) { then(false); return; }
      load(asset.path, asset.integrity, then);
    }
    if (window.GUIDE_ASSETS) { fromManifest(); return; }
    load("asset-manifest.js", null, function (ready) {
      if (ready && window.GUIDE_ASSETS) fromManifest(); else then(false);
    });
  }

  function withIndex(callback) {
    if (index) { callback(index); return; }
    waiting.push(callback);
    if (loading) return;
    loading = true;
    function finish(ready) {
      if (ready) {
        engine = window.GUIDE_SEARCH;
        index = engine.prepare(window.GUIDE_SEARCH_INDEX || { w: "", p: [], y: {} }, words["glossary-kind"]);
      } else {
        loading = false;
      }
      var callbacks = waiting; waiting = [];
      callbacks.forEach(function (each) { each(index); });
    }
    loadAsset("js/search.js", function (ready) {
      if (!ready || !window.GUIDE_SEARCH) { finish(false); return; }
      loadAsset(edition + "search-index.js", finish);
    });
  }

  function search(items, query) {
    return engine.search(items, query);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function resultLink(result) {
    var link = element("a", null, result.item.entry.t);
    link.href = root + result.item.entry.u;
    return link;
  }

  /** The query in an address: "#q=…", which never reaches a server's logs (or "?q=…" from an
      older link, where the address could not be changed). */
  function queryInAddress() {
    var fromHash = new URLSearchParams(window.location.hash.slice(1)).get("q");
    return fromHash !== null ? fromHash : new URLSearchParams(window.location.search).get("q");
  }

  /** An older link's "?a=b" becomes "#a=b": out of the address bar, the history and whatever is
      bookmarked or shared from here, so it is not sent again. */
  function moveQueryIntoFragment() {
    if (!window.location.search) return;
    try {
      var url = new URL(window.location.href);
      if (!url.hash || url.hash === "#") url.hash = url.search.slice(1);
      url.search = "";
      window.history.replaceState(null, "", url.href);
    } catch (error) { /* file:// may refuse; the page still reads the query */ }
  }

  function fragmentFor(query) {
    return "#" + new URLSearchParams({ q: query.trim() }).toString();
  }

  /** "Did you mean …?" with a link that searches for it. */
  function showSuggestion(node, corrected, base) {
    node.textContent = "";
    node.hidden = !corrected;
    if (!corrected) return;
    var link = element("a", "suggestion", corrected);
    link.href = base + fragmentFor(corrected);
    // The link goes where the table's words put {suggestion}.
    var around = say("did-you-mean").split("{suggestion}");
    node.appendChild(document.createTextNode(around[0]));
    node.appendChild(link);
    node.appendChild(document.createTextNode(around.slice(1).join("{suggestion}")));
  }

  /** The search page: results under the form, the query kept in the address's fragment. */
  function setUpSearchPage() {
    var form = document.getElementById("search-form");
    var input = document.getElementById("search-input");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var hint = document.getElementById("search-suggestion");
    if (!form || !input || !status || !list) return;
    var timer = null;

    function show(query, items) {
      list.textContent = "";
      if (hint) showSuggestion(hint, "", "");
      if (!items) {
        status.textContent = say("search-failed");
        return;
      }
      if (!query.trim()) { status.textContent = ""; return; }
      var found = search(items, query);
      var results = found.results.slice(0, 50);
      if (hint) showSuggestion(hint, found.suggestion, "");
      status.textContent = results.length
        ? sayCount("results", results.length, { query: query.trim() })
        : say("no-results", { query: query.trim() });
      results.forEach(function (result) {
        var entry = result.item.entry;
        var li = element("li");
        li.appendChild(element("span", "kind", entry.k));
        li.appendChild(resultLink(result));
        if (result.matchedName) li.appendChild(element("p", "also", say("matches-name", { name: result.matchedName })));
        if (entry.s) li.appendChild(element("p", null, entry.s));
        list.appendChild(li);
      });
    }

    function run(query, remember) {
      withIndex(function (items) { show(query, items); });
      if (remember) {
        try {
          var url = new URL(window.location.href);
          url.searchParams.delete("q");
          url.hash = query.trim() ? fragmentFor(query) : "";
          window.history.replaceState(null, "", url.href);
        } catch (error) { /* file:// may refuse; the results still show */ }
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(input.value, true);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value, true); }, 200);
    });
    input.addEventListener("focus", function () { withIndex(function () {}); }, { once: true });

    function fromAddress() {
      var query = queryInAddress();
      if (!query) return;
      input.value = query;
      var header = document.getElementById("header-search-input");
      if (header) header.value = query;
      run(query, false);
    }
    // "Did you mean" and the header box change only the fragment of this page.
    window.addEventListener("hashchange", fromAddress);
    fromAddress();
  }

  /** The header box: a short list of matches under it; Enter or "All results" opens the search page. */
  function setUpHeaderSearch() {
    var form = document.querySelector(".header-search");
    var input = document.getElementById("header-search-input");
    if (!form || !input) return;
    var panel = element("div", "quick-results");
    panel.id = "quick-results";
    panel.hidden = true;
    var status = element("p");
    status.setAttribute("role", "status");
    var hint = element("p", "search-suggestion");
    hint.hidden = true;
    var list = element("ul");
    panel.appendChild(status);
    panel.appendChild(hint);
    panel.appendChild(list);
    form.appendChild(panel);
    input.setAttribute("aria-controls", panel.id);
    input.setAttribute("aria-describedby", "quick-results-help");
    var help = element("span", "visually-hidden", say("quick-help"));
    help.id = "quick-results-help";
    form.appendChild(help);
    var timer = null;
    var searchPage = form.getAttribute("action");

    function close() { panel.hidden = true; }

    function update() {
      var query = input.value;
      if (query.trim().length < 2) { close(); list.textContent = ""; status.textContent = ""; return; }
      withIndex(function (items) {
        if (query !== input.value) return;
        list.textContent = "";
        panel.hidden = false;
        if (!items) { status.textContent = say("quick-failed"); return; }
        var found = search(items, query);
        var results = found.results;
        showSuggestion(hint, found.suggestion, searchPage);
        status.textContent = results.length ? sayCount("matches", results.length) : say("no-matches");
        results.slice(0, 6).forEach(function (result) {
          var li = element("li");
          var link = resultLink(result);
          var kind = element("span", "kind", result.item.entry.k + (result.matchedName ? " · " + result.matchedName : ""));
          link.appendChild(kind);
          li.appendChild(link);
          list.appendChild(li);
        });
        if (results.length > 6) {
          var more = element("li");
          var all = element("a", "all", say("all-results", { count: results.length }));
          all.href = searchPage + fragmentFor(query);
          more.appendChild(all);
          list.appendChild(more);
        }
      });
    }

    // With the script, the query goes in the fragment, which the server never sees.
    form.addEventListener("submit", function (event) {
      if (!input.value.trim()) return;
      event.preventDefault();
      window.location.href = searchPage + fragmentFor(input.value);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 150);
    });
    var dismissed = false;
    input.addEventListener("focus", function () {
      if (!dismissed && input.value.trim().length >= 2) update();
      dismissed = false;
    });
    form.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(panel.querySelectorAll("a"));
      var position = links.indexOf(document.activeElement);
      if (event.key === "Escape" && !panel.hidden) {
        close();
        dismissed = document.activeElement !== input;
        input.focus();
        event.preventDefault();
      } else if (event.key === "ArrowDown" && links.length && !panel.hidden) {
        links[Math.min(position + 1, links.length - 1)].focus();
        event.preventDefault();
      } else if (event.key === "ArrowUp" && position >= 0) {
        (position === 0 ? input : links[position - 1]).focus();
        event.preventDefault();
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
    form.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !form.contains(event.relatedTarget)) close();
    });
  }

  // MARK: - Finder

  /* The build writes the finder's table (#finder-table): for each cell type and each use of each
     drug, the results it allows. This script only applies it, with the same rule as the model
     (Guide.fit): a use fits when every result it needs is picked and allowed, may fit when nothing
     picked rules it out, and a drug takes the best of its uses. No medical rule lives here. */

  /** { state: "fits" | "needs" | "out", missing: [keys] } for one condition { all, anyOf }. */
  function fit(condition, picked) {
    function allows(requirements) {
      return Object.keys(requirements).every(function (key) {
        return !picked[key] || requirements[key].indexOf(picked[key]) >= 0;
      });
    }
    function unknown(requirements) {
      return Object.keys(requirements).filter(function (key) { return !picked[key]; });
    }
    if (!allows(condition.all)) return { state: "out", missing: [] };
    var missing = unknown(condition.all);
    if (condition.anyOf.length) {
      var open = condition.anyOf.filter(allows);
      if (!open.length) return { state: "out", missing: [] };
      var unknowns = open.map(unknown);
      if (!unknowns.some(function (keys) { return !keys.length; })) {
        unknowns.forEach(function (keys) { missing = missing.concat(keys); });
      }
    }
    return { state: missing.length ? "needs" : "fits", missing: missing };
  }

  function bestFit(uses, picked) {
    var missing = [], possible = false;
    for (var i = 0; i < uses.length; i++) {
      var result = fit(uses[i], picked);
      if (result.state === "fits") return result;
      if (result.state === "needs") { possible = true; missing = missing.concat(result.missing); }
    }
    return { state: possible ? "needs" : "out", missing: missing };
  }

  /** "#hr=negative&her2=ultralow" → { hr: "negative", her2: "ultralow" } */
  function choicesInAddress() {
    var text = window.location.hash.length > 1 ? window.location.hash.slice(1) : window.location.search.slice(1);
    var choices = {};
    new URLSearchParams(text).forEach(function (value, key) { choices[key] = value; });
    return choices;
  }

  function setUpFinder() {
    var form = document.getElementById("finder");
    var status = document.getElementById("finder-status");
    var tableElement = document.getElementById("finder-table");
    if (!form || !status || !tableElement) return;
    var table = JSON.parse(tableElement.textContent);
    var names = {};
    table.biomarkers.forEach(function (biomarker) { names[biomarker.key] = biomarker.name; });
    var order = table.biomarkers.map(function (biomarker) { return biomarker.key; });

    function picked() {
      var choices = {};
      Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]:checked"), function (input) {
        if (input.value) choices[input.name] = input.value;
      });
      return choices;
    }

    function describe(choices) {
      return Object.keys(choices).map(function (key) {
        var input = form.querySelector("input[name='" + key + "']:checked");
        var legend = input.closest("fieldset").querySelector("legend").textContent;
        return legend + " " + input.parentNode.textContent.trim();
      }).join(", ");
    }

    function needsText(missing) {
      var keys = order.filter(function (key) { return missing.indexOf(key) >= 0; });
      var list = keys.map(function (key) { return names[key]; });
      var joined = list.length > 1 ? list.slice(0, -1).join(", ") + " " + say("and") + " " + list[list.length - 1] : list[0];
      return say(list.length === 1 ? "needs-result" : "needs-results", { list: joined });
    }

    function showIn(section, drugID, shown) {
      Array.prototype.forEach.call(section.querySelectorAll("[data-drug='" + drugID + "']"), function (item) { item.hidden = !shown; });
    }

    function update(remember) {
      var choices = picked();
      var fitting = {};
      var cellCount = 0;
      table.cellTypes.forEach(function (cellType) {
        var possible = fit(cellType.needs, choices).state !== "out";
        var item = document.querySelector("[data-cell-type='" + cellType.id + "']");
        if (item) item.hidden = !possible;
        if (possible) { fitting[cellType.id] = true; cellCount++; }
      });
      var fitsSection = document.querySelector(".finder-fits");
      var maybeSection = document.querySelector(".finder-maybe");
      var drugCount = 0, treatmentCount = 0, fitsCount = 0, maybeCount = 0;
      table.treatments.forEach(function (treatment) {
        var shown = false;
        var inFits = false, inMaybe = false;
        treatment.drugs.forEach(function (drug) {
          var result = bestFit(drug.uses, choices);
          showIn(fitsSection, drug.id, result.state === "fits");
          showIn(maybeSection, drug.id, result.state === "needs");
          if (result.state === "needs") {
            var needs = maybeSection.querySelector("[data-drug='" + drug.id + "'] .finder-needs");
            if (needs) needs.textContent = needsText(result.missing);
          }
          if (result.state !== "out") { shown = true; drugCount++; }
          if (result.state === "fits") { inFits = true; fitsCount++; }
          if (result.state === "needs") { inMaybe = true; maybeCount++; }
        });
        if (!treatment.drugs.length) {
          shown = treatment.cellTypes.some(function (id) { return fitting[id]; });
          var other = document.querySelector(".finder-other [data-treatment='" + treatment.id + "']");
          if (other) other.hidden = !shown;
        }
        var fitsGroup = fitsSection.querySelector("[data-treatment='" + treatment.id + "']");
        var maybeGroup = maybeSection.querySelector("[data-treatment='" + treatment.id + "']");
        if (fitsGroup) fitsGroup.hidden = !inFits;
        if (maybeGroup) maybeGroup.hidden = !inMaybe;
        if (shown) treatmentCount++;
      });
      fitsSection.querySelector(".finder-none").hidden = fitsCount > 0;
      maybeSection.querySelector(".finder-none").hidden = maybeCount > 0;
      var empty = document.querySelector(".finder-empty");
      if (empty) empty.hidden = cellCount > 0;
      var summary = describe(choices);
      var counts = say("finder-counts", {
        cellTypes: sayCount("cell-types", cellCount), treatments: sayCount("treatments", treatmentCount), drugs: sayCount("drugs", drugCount)
      });
      var text = summary
        ? say("finder-some", { counts: counts, choices: summary, fits: fitsCount, maybe: maybeCount })
        : say("finder-all", { counts: counts });
      // The page arrives with the text for no choices; setting it again would re-announce it.
      if (status.textContent !== text) status.textContent = text;
      if (remember) {
        try {
          var url = new URL(window.location.href);
          url.search = "";
          url.hash = new URLSearchParams(choices).toString();
          window.history.replaceState(null, "", url.href);
        } catch (error) { /* file:// may refuse; the lists still change */ }
      }
    }

    function restore() {
      Array.prototype.forEach.call(form.querySelectorAll("input[type=radio][value='']"), function (input) { input.checked = true; });
      var choices = choicesInAddress();
      Object.keys(choices).forEach(function (key) {
        var input = form.querySelector("input[type=radio][name='" + key.replace(/[^a-z0-9-]/gi, "") + "'][value='" + choices[key].replace(/[^a-z0-9-]/gi, "") + "']");
        if (input) input.checked = true;
      });
    }

    restore();
    form.addEventListener("change", function () { update(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
    form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
    window.addEventListener("hashchange", function () { restore(); update(false); });
    update(false);
  }

  // MARK: - Glossary terms

  /** Each linked term becomes one control (one Tab stop) that opens its short definition in
      place, with a link to the glossary entry inside it. The term stays a link underneath: without
      this script, and with a modifier key or the middle button, it leads to the entry. The "?"
      ring beside it is drawn by the stylesheet (a.term::after), which holds its room before this
      script runs, so the text does not move. */
  function setUpTerms() {
    Array.prototype.forEach.call(document.querySelectorAll("main a.term[data-definition]"), function (link, number) {
      if (link.closest("h1, h2, h3, h4, h5, h6")) return;
      var id = "term-definition-" + (number + 1);
      var definition = element("span", "term-definition");
      definition.id = id;
      definition.hidden = true;
      definition.appendChild(element("strong", null, link.textContent + ": "));
      definition.appendChild(document.createTextNode(link.getAttribute("data-definition") + " "));
      var more = element("a", "term-more", say("more-about-term", { term: link.textContent }));
      more.href = link.href;
      definition.appendChild(more);
      link.insertAdjacentElement("afterend", definition);
      link.setAttribute("role", "button");
      link.setAttribute("aria-expanded", "false");
      link.setAttribute("aria-controls", id);
      link.classList.add("has-toggle");
      function isOpen() { return link.getAttribute("aria-expanded") === "true"; }
      function show(open) {
        link.setAttribute("aria-expanded", String(open));
        definition.hidden = !open;
      }
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button) return;
        event.preventDefault();
        show(!isOpen());
      });
      link.addEventListener("keydown", function (event) {
        // A button opens with Space as well as Enter (a link's Enter arrives as a click).
        if (event.key === " ") { event.preventDefault(); show(!isOpen()); }
        else if (event.key === "Escape" && isOpen()) show(false);
      });
      definition.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { show(false); link.focus(); }
      });
    });
  }

  function start() {
    // Only the search page and the finder read their address; elsewhere a query is left alone.
    if (document.getElementById("search-form") || document.getElementById("finder")) moveQueryIntoFragment();
    setUpHeaderSearch();
    setUpSearchPage();
    setUpFinder();
    setUpTerms();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
