/* The reader's site: search, the treatment finder and glossary definitions.
   Everything here only enhances pages that already work without JavaScript. */
(function () {
  "use strict";

  var root = document.documentElement.getAttribute("data-root") || "";

  // MARK: - Search

  /* Search forgives the way people type: case, accents and marks ("Kisqáli®", "T-DM1"), typos
     (one wrong letter in a word of four to six letters, two in a longer one), other endings
     ("metastases" finds "metastatic"), shorthand and British spellings (the synonyms on the
     search page, "tnbc" → "triple negative"), and old or foreign brand names. The index is data
     the build writes (search-index.js); every rule is here. */

  /** Lower case, no accents, no trademark signs: "Kisqáli®" and "kisqali" are the same word. */
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[®™©]/g, "").toLowerCase();
  }

  /** Letters and digits only, so that "T-DM1" finds "tdm1" and "CDK4/6" finds "cdk46". */
  function squeeze(text) {
    return text.replace(/[^a-z0-9]+/g, "");
  }

  /** Words that say nothing about which page is meant ("what is HER2", "tired all the time"). */
  var FILLER = {};
  ("a an and are about all am be can could do does for from get getting has have how i if in is it " +
   "its me my of on or really so the this time to too very was what when where which who why will with " +
   "you your").split(" ").forEach(function (word) { FILLER[word] = true; });

  /** The words of a folded text. A word joined by marks ("her2-positive", "cdk4/6") counts
      whole (squeezed) and by its parts, so both "her2 positive" and "her2positive" find it. */
  function tokens(text) {
    var result = [];
    text.split(/\s+/).forEach(function (chunk) {
      var word = chunk.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
      if (!word) return;
      var parts = word.split(/[^a-z0-9]+/).filter(Boolean);
      if (parts.length > 1) result.push(squeeze(word));
      result.push.apply(result, parts);
    });
    return result;
  }

  /** A light stemmer: one common ending off, so that plurals and the Greek and Latin endings of
      medical words meet ("metastases", "metastasis", "metastatic" → "metast"). Short words and
      words with digits stay as they are. */
  var ENDINGS = ["ations", "ation", "atic", "ases", "asis", "ments", "ment", "ness", "ings", "ing",
                 "ies", "ied", "ed", "es", "ic", "al", "ly", "s", "e", "y"];
  function stem(word) {
    if (word.length <= 4 || /\d/.test(word)) return word;
    for (var i = 0; i < ENDINGS.length; i++) {
      var ending = ENDINGS[i];
      if (word.length - ending.length >= 4 && word.slice(-ending.length) === ending) {
        var base = word.slice(0, -ending.length);
        return ending === "ies" || ending === "ied" ? base + "y" : base;
      }
    }
    return word;
  }

  /** Edits (a letter added, dropped, changed, or two swapped) from one word to another, or
      limit + 1 once it is clear there are more than `limit`. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var before = null, previous = [], current = [], i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      current = [i];
      var smallest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
        current.push(value);
        if (value < smallest) smallest = value;
      }
      if (smallest > limit) return limit + 1;
      before = previous;
      previous = current;
    }
    return previous[b.length];
  }

  /** How many typos a word may have and still be found: none in short words or words with digits
      (HER2 is not HER3), one up to six letters, two beyond. */
  function typosAllowed(word) {
    if (word.length <= 3 || /\d/.test(word)) return 0;
    return word.length <= 6 ? 1 : 2;
  }

  // How much a match counts, by where it is on the page.
  var WEIGHT = { title: 10, name: 9, kind: 4, summary: 3, text: 1 };

  /** "Hot flushes" and "hot-flushes" are one key; "hr+" keeps its sign. */
  function synonymKey(text) {
    return fold(text).replace(/([a-z0-9])[-./]([a-z0-9])/g, "$1$2").replace(/\s+/g, " ").trim();
  }

  var index = null;
  var waiting = [];
  var loading = false;

  /** The index is a script (not fetched JSON) so that search works from file:// too. It is
      loaded only when someone searches, to keep every page small on first load. */
  function withIndex(callback) {
    if (index) { callback(index); return; }
    waiting.push(callback);
    if (loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = root + "search-index.js";
    script.onload = function () {
      index = prepare(window.GUIDE_SEARCH_INDEX || { w: "", p: [], y: {} });
      var callbacks = waiting; waiting = [];
      callbacks.forEach(function (each) { each(index); });
    };
    script.onerror = function () {
      loading = false;
      var callbacks = waiting; waiting = [];
      callbacks.forEach(function (each) { each(null); });
    };
    document.head.appendChild(script);
  }

  /** Every word of the guide with, for each page it is on, the weight of the best place it is
      in (title, a name, the summary or the text); and for each page what an exact match means. */
  function prepare(data) {
    var words = data.w ? data.w.split(" ") : [];
    var postings = Object.create(null);
    var display = Object.create(null);
    var pages = data.p.map(function (entry, number) {
      function add(text, weight) {
        tokens(fold(text)).forEach(function (word) {
          var places = postings[word] || (postings[word] = {});
          if (!(places[number] >= weight)) places[number] = weight;
        });
      }
      var names = (entry.n || []).concat(entry.o || []);
      add(entry.t, WEIGHT.title);
      names.forEach(function (name) {
        add(name, WEIGHT.name);
        // Brand names keep their capital in "Did you mean Herceptin?".
        name.split(/\s+/).forEach(function (written) {
          var word = squeeze(fold(written));
          if (word && !display[word]) display[word] = written.replace(/[®™©]/g, "");
        });
      });
      if (entry.c) add(entry.c, WEIGHT.kind);
      add(entry.s || "", WEIGHT.summary);
      (entry.x ? entry.x.split(" ") : []).forEach(function (code) {
        var word = words[parseInt(code, 36)];
        if (word) add(word, WEIGHT.text);
      });
      var title = fold(entry.t);
      return {
        entry: entry, number: number,
        titleParts: title.split(/[^a-z0-9]+/).filter(function (word) { return word && !FILLER[word]; }),
        names: names,
        // The title, names and other brands, squeezed and stemmed: a query equal to one of them is an exact match.
        exact: [entry.t].concat(names).reduce(function (keys, text) {
          var folded = fold(text);
          keys[squeeze(folded)] = true;
          keys["~" + folded.split(/[^a-z0-9]+/).filter(Boolean).map(stem).join(" ")] = true;
          return keys;
        }, {}),
        glossary: entry.k === "Glossary"
      };
    });
    var vocabulary = Object.keys(postings);
    var stems = vocabulary.map(stem);
    var synonyms = Object.create(null);
    Object.keys(data.y || {}).forEach(function (key) { synonyms[synonymKey(key)] = data.y[key]; });
    return { pages: pages, postings: postings, vocabulary: vocabulary, stems: stems, display: display, synonyms: synonyms, cache: {} };
  }

  /** The words of the guide that a query word may mean, each with how sure the match is: the
      word itself, the same stem, a longer word it starts, and (only for a word the guide does
      not use) the words a typo or two away. */
  function meanings(index, word) {
    if (index.cache[word]) return index.cache[word];
    var found = [], known = false, typos = [];
    var wordStem = stem(word);
    if (index.postings[word]) { found.push({ word: word, sure: 1 }); known = true; }
    index.vocabulary.forEach(function (other, position) {
      if (other === word) return;
      if (index.stems[position] === wordStem) { found.push({ word: other, sure: 0.9 }); known = true; }
      else if (word.length >= 3 && other.indexOf(word) === 0) found.push({ word: other, sure: 0.7 });
      else if (wordStem.length >= 5 && other.indexOf(wordStem) === 0) found.push({ word: other, sure: 0.6 });
    });
    var limit = typosAllowed(word);
    if (!known && limit) {
      index.vocabulary.forEach(function (other) {
        if (other.length < 4 || /\d/.test(other)) return;
        var edits = distance(word, other, limit);
        if (edits > limit) return;
        found.push({ word: other, sure: edits === 1 ? 0.6 : 0.4 });
        typos.push({ word: other, edits: edits });
      });
    }
    var result = { found: found, known: known || found.length > typos.length, typos: typos };
    index.cache[word] = result;
    return result;
  }

  /** For each page (by number), the best score of one query word there. */
  function wordScores(index, word) {
    var scores = {};
    meanings(index, word).found.forEach(function (meaning) {
      var places = index.postings[meaning.word];
      Object.keys(places).forEach(function (number) {
        var score = places[number] * meaning.sure;
        if (!(scores[number] >= score)) scores[number] = score;
      });
    });
    return scores;
  }

  /** The query as terms, each a list of alternatives, each a list of words that must all be on
      the page. A synonym ("tnbc", "hot flushes") is one term with the reader's words and the
      guide's as alternatives; "T-DM1" is one term, "tdm1" or "t dm1". */
  function parse(index, query) {
    var raw = fold(query).split(/\s+/).map(function (word) {
      return word.replace(/^[^a-z0-9]+/, "").replace(/([a-z0-9][+-]?)[^a-z0-9]*$/, "$1");
    }).filter(Boolean);
    function words(text) {
      return text.split(/[^a-z0-9]+/).filter(Boolean);
    }
    /** "t-dm1": the squeezed word or its parts. */
    function alternativesOf(word) {
      var parts = words(word);
      return parts.length > 1 ? [[squeeze(word)], parts] : [parts];
    }
    var terms = [];
    for (var i = 0; i < raw.length;) {
      var matched = 0;
      for (var length = Math.min(4, raw.length - i); length >= 1 && !matched; length--) {
        var phrases = index.synonyms[synonymKey(raw.slice(i, i + length).join(" "))];
        if (!phrases) continue;
        var alternatives = [words(raw.slice(i, i + length).join(" "))].concat(phrases.map(function (phrase) { return words(fold(phrase)); }));
        terms.push({ text: raw.slice(i, i + length).join(" "), alternatives: alternatives.filter(function (words) { return words.length; }), synonym: true });
        matched = length;
      }
      if (matched) { i += matched; continue; }
      var alternatives = alternativesOf(raw[i]);
      if (alternatives[0].length) terms.push({ text: raw[i], alternatives: alternatives, filler: FILLER[raw[i]] });
      i++;
    }
    var meaningful = terms.filter(function (term) { return !term.filler; });
    return meaningful.length ? meaningful : terms;
  }

  /** What the whole query is, for exact matches: its words squeezed and stemmed, and the same
      for each alternative when it is a single term (a synonym, "T-DXd"). */
  function exactKeys(terms) {
    var variants = [[].concat.apply([], terms.map(function (term) { return term.alternatives[0]; }))];
    if (terms.length === 1) variants = variants.concat(terms[0].alternatives);
    var keys = [];
    variants.forEach(function (words) {
      keys.push(squeeze(words.join("")), "~" + words.map(stem).join(" "));
    });
    return keys;
  }

  /** Pages for a query, best first: an exact title, name, brand or synonym first (a glossary
      entry after other pages), then by how much of the query a page has and where. A glossary
      entry comes right after the page whose title uses it ("PIK3CA" after the PIK3CA cell type).
      Returns { results, suggestion } where suggestion is the query with typos corrected. */
  function search(index, query) {
    var terms = parse(index, query);
    if (!terms.length) return { results: [], suggestion: "" };
    var scoresOf = {};
    function scores(word) { return scoresOf[word] || (scoresOf[word] = wordScores(index, word)); }
    var totals = {}, matchedTerms = {}, firstTerm = {};
    terms.forEach(function (term, position) {
      var best = {};
      // A phrase counts as much as its weakest word: "hormone receptor positive" is in the title
      // of one page, while another has two of its words there and "positive" only in its text.
      term.alternatives.forEach(function (words) {
        var weakest = {};
        words.forEach(function (word, wordPosition) {
          var each = scores(word);
          if (wordPosition === 0) { Object.keys(each).forEach(function (number) { weakest[number] = each[number]; }); return; }
          Object.keys(weakest).forEach(function (number) {
            if (each[number]) weakest[number] = Math.min(weakest[number], each[number]); else delete weakest[number];
          });
        });
        Object.keys(weakest).forEach(function (number) {
          if (!(best[number] >= weakest[number])) best[number] = weakest[number];
        });
      });
      Object.keys(best).forEach(function (number) {
        totals[number] = (totals[number] || 0) + best[number];
        matchedTerms[number] = (matchedTerms[number] || 0) + 1;
        if (position === 0 && best[number] >= WEIGHT.name * 0.5) firstTerm[number] = true;
      });
    });
    // Words of the guide the query found, for how much of a title it covers.
    var covered = {};
    Object.keys(scoresOf).forEach(function (word) {
      meanings(index, word).found.forEach(function (meaning) { if (meaning.sure >= 0.6) covered[meaning.word] = true; });
    });
    var keys = exactKeys(terms);
    var typed = {};
    Object.keys(scoresOf).forEach(function (word) { typed[word] = true; });
    var results = Object.keys(totals).map(function (number) {
      var item = index.pages[number];
      var share = matchedTerms[number] / terms.length;
      var titleCovered = item.titleParts.length
        ? item.titleParts.filter(function (word) { return covered[word]; }).length / item.titleParts.length : 0;
      var score = totals[number] * share * share + 2 * titleCovered + (firstTerm[number] ? 2 : 0);
      if (item.glossary) score *= 0.8;
      var exact = keys.some(function (key) { return item.exact[key]; }) ? (item.glossary ? 1 : 2) : 0;
      return { item: item, score: score, exact: exact, matchedName: matchedName(item, typed, covered) };
    });
    results.sort(function (a, b) {
      return b.exact - a.exact || b.score - a.score || a.item.entry.t.localeCompare(b.item.entry.t);
    });
    return { results: afterDefinedPages(results), suggestion: suggestion(index, query, terms) };
  }

  /** Moves each glossary entry to just after the first page listed below it whose title holds
      the term's words: the reader of "pik3ca" wants the PIK3CA cell type, then the definition. */
  function afterDefinedPages(results) {
    var ordered = results.slice();
    results.forEach(function (result) {
      if (!result.item.glossary) return;
      var term = result.item.titleParts;
      var from = ordered.indexOf(result);
      for (var i = from + 1; i < ordered.length; i++) {
        var other = ordered[i].item;
        if (!other.glossary && term.length && term.every(function (word) { return other.titleParts.indexOf(word) >= 0; })) {
          ordered.splice(from, 1);
          ordered.splice(i, 0, result);
          return;
        }
      }
    });
    return ordered;
  }

  /** The brand, other brand or alias the reader typed (or nearly typed), to say why a page matched. */
  function matchedName(item, typed, covered) {
    var title = fold(item.entry.t);
    function find(found) {
      for (var i = 0; i < item.names.length; i++) {
        var words = tokens(fold(item.names[i]));
        if (words.some(function (word) { return found[word] && title.indexOf(word) < 0; })) return item.names[i];
      }
      return "";
    }
    return find(typed) || find(covered);
  }

  /** The query with each word the guide does not use replaced by the nearest word it does use
      (fewest typos, then the one in a title or name), or "" when there is nothing to correct. */
  function suggestion(index, query, terms) {
    var changed = false;
    var words = fold(query).split(/\s+/).filter(Boolean).map(function (typed) {
      var word = typed.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
      if (!word || index.synonyms[synonymKey(word)] || FILLER[word]) return typed;
      var found = meanings(index, word);
      if (found.known || !found.typos.length) return typed;
      var best = found.typos.slice().sort(function (a, b) {
        return a.edits - b.edits || placeWeight(index, b.word) - placeWeight(index, a.word) || a.word.localeCompare(b.word);
      })[0];
      changed = true;
      return index.display[best.word] || best.word;
    });
    return changed ? words.join(" ") : "";
  }

  /** The best place a word holds on any page, then how many pages use it. */
  function placeWeight(index, word) {
    var places = index.postings[word] || {};
    var numbers = Object.keys(places);
    return Math.max.apply(null, [0].concat(numbers.map(function (number) { return places[number]; }))) * 1000 + numbers.length;
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : /(ch|sh|s|x)$/.test(word) ? "es" : "s");
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

  /** The query in an address: "#q=…" (kept out of server logs), or "?q=…" from older links. */
  function queryInAddress() {
    var fromHash = new URLSearchParams(window.location.hash.slice(1)).get("q");
    return fromHash !== null ? fromHash : new URLSearchParams(window.location.search).get("q");
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
    node.appendChild(document.createTextNode("Did you mean "));
    node.appendChild(link);
    node.appendChild(document.createTextNode("?"));
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
        status.textContent = "Search could not load. Try again, or browse the drugs A to Z.";
        return;
      }
      if (!query.trim()) { status.textContent = ""; return; }
      var found = search(items, query);
      var results = found.results.slice(0, 50);
      if (hint) showSuggestion(hint, found.suggestion, "");
      status.textContent = results.length
        ? plural(results.length, "result") + " for “" + query.trim() + "”."
        : "No results for “" + query.trim() + "”. Try a shorter word or another spelling.";
      results.forEach(function (result) {
        var entry = result.item.entry;
        var li = element("li");
        li.appendChild(element("span", "kind", entry.k));
        li.appendChild(resultLink(result));
        if (result.matchedName) li.appendChild(element("p", "also", "Matches “" + result.matchedName + "”"));
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
    var help = element("span", "visually-hidden", "Matches appear below as you type. Press Enter for all results.");
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
        if (!items) { status.textContent = "Search could not load."; return; }
        var found = search(items, query);
        var results = found.results;
        showSuggestion(hint, found.suggestion, searchPage);
        status.textContent = results.length ? plural(results.length, "match") + "." : "No matches. Try another spelling.";
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
          var all = element("a", "all", "All " + plural(results.length, "result"));
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

  /** "#hr=negative&her2=ultralow" (or "?hr=…" from older links) → { hr: "negative", her2: "ultralow" } */
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
      var joined = list.length > 1 ? list.slice(0, -1).join(", ") + " and " + list[list.length - 1] : list[0];
      return "Needs your " + joined + (list.length === 1 ? " result" : " results");
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
      var counts = plural(cellCount, "cell type") + ", " + plural(treatmentCount, "treatment") + " and " + plural(drugCount, "drug");
      var text = summary
        ? "Showing " + counts + " that may fit: " + summary + ". " + fitsCount + " fit your results; " + maybeCount + " need another test result."
        : "Showing all " + counts + ". Choose your results to narrow the list.";
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
      var more = element("a", "term-more", "More about “" + link.textContent + "” in the glossary");
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
    setUpHeaderSearch();
    setUpSearchPage();
    setUpFinder();
    setUpTerms();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
