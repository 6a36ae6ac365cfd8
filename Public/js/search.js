/* The guide's search engine, loaded by site.js with the index (search-index.js) when someone
   first searches. It only computes: site.js shows the results. */
(function () {
  "use strict";

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

  /** Words that say nothing about which page is meant ("what is HER2", "tired all the time";
      "qué es HER2"), by the language of the index: folded, as queries are. */
  var FILLER_WORDS = {
    en: "a an and are about all am be can could do does for from get getting has have how i if in is it " +
        "its me my of on or really so the this time to too very was what when where which who why will with " +
        "you your",
    es: "a al algo como con cual cuales cuando de del donde el ella en es esta este esto hay la las lo los me " +
        "mi mis muy no o para pero por porque que quien se si sin sobre su sus te tengo tiene todo un una uno " +
        "unos y yo"
  };
  var FILLER = {};

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
      medical words meet ("metastases", "metastasis", "metastatic" → "metast"; "metástasis",
      "metastásico" → "metast"; "sofocos" → "sofoc"). Short words and words with digits stay as
      they are. The endings are the index's language's (its `l`). */
  var ENDINGS_BY_LANGUAGE = {
    en: ["ations", "ation", "atic", "ases", "asis", "ments", "ment", "ness", "ings", "ing",
         "ies", "ied", "ed", "es", "ic", "al", "ly", "s", "e", "y"],
    es: ["aciones", "acion", "asicos", "asicas", "asico", "asica", "asis", "mente", "idades", "idad",
         "ismos", "ismo", "istas", "ista", "ables", "able", "ibles", "ible", "ados", "adas", "idos",
         "idas", "ado", "ada", "ido", "ida", "ales", "icos", "icas", "ico", "ica", "al", "es", "os",
         "as", "s", "o", "a", "e"]
  };
  var ENDINGS = ENDINGS_BY_LANGUAGE.en;
  var language = "en";

  function useLanguage(code) {
    language = ENDINGS_BY_LANGUAGE[code] ? code : "en";
    ENDINGS = ENDINGS_BY_LANGUAGE[language];
    FILLER = {};
    FILLER_WORDS[language].split(" ").forEach(function (word) { FILLER[word] = true; });
  }
  useLanguage("en");

  function stem(word) {
    if (word.length <= 4 || /\d/.test(word)) return word;
    for (var i = 0; i < ENDINGS.length; i++) {
      var ending = ENDINGS[i];
      if (word.length - ending.length >= 4 && word.slice(-ending.length) === ending) {
        var base = word.slice(0, -ending.length);
        return language === "en" && (ending === "ies" || ending === "ied") ? base + "y" : base;
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

  /** Every word of the guide with, for each page it is on, the weight of the best place it is
      in (title, a name, the summary or the text); and for each page what an exact match means.
      `glossaryKind` is what the index calls a glossary entry in the site's language. */
  function prepare(data, glossaryKind) {
    useLanguage(data.l || "en");
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
        glossary: entry.k === glossaryKind
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

  window.GUIDE_SEARCH = { prepare: prepare, search: search };
})();
