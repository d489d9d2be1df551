/* cablegen search: a sharded index read through classic <script> files.
 *
 * Pages opened from disk (file://) may not fetch, start workers or import
 * modules, but they may add <script src> elements: every index file is a
 * script that calls cablegenSearch.load(name, data). The same files work
 * on a web server. The tokenizer below must match generator/search/tokens.py.
 *
 * On every page: "/" focuses the search box. On search.html: the search.
 */
(function () {
  "use strict";

  var current = document.currentScript;
  var root = (current && current.getAttribute("data-root")) || "";
  var loaded = Object.create(null);
  var waiting = Object.create(null);
  var api = {
    files: [],
    /* Called by every index file. */
    load: function (name, data) {
      loaded[name] = data;
      if (waiting[name]) { waiting[name].resolve(data); }
    }
  };
  window.cablegenSearch = api;

  /* ---- "/" focuses the search box ------------------------------------ */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var box = document.getElementById("search-q") || document.getElementById("site-q");
    if (box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  /* ---- tokens: the rules of generator/search/tokens.py ---------------- */
  var WORD = /[\p{L}\p{N}]+/gu;
  var ALPHA = /^\p{L}+$/u;
  var MAX_LENGTH = 40;
  var STOPWORDS = new Set(("an and are as at be but by for from had has have he her his if in into is it " +
    "its no not of on or our she so such than that the their then there these they this to was " +
    "we were which will with would").split(" "));

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }
  function length(word) { return Array.from(word).length; }
  function stem(word) {
    if (length(word) <= 3 || !ALPHA.test(word)) { return word; }
    if (/ies$/.test(word) && !/[ea]ies$/.test(word)) { return word.slice(0, -3) + "y"; }
    if (/es$/.test(word) && !/[aeo]es$/.test(word)) { return word.slice(0, -1); }
    if (/s$/.test(word) && !/(us|ss)$/.test(word)) { return word.slice(0, -1); }
    return word;
  }
  function term(word) {
    var n = length(word);
    if (n <= 1 || n > MAX_LENGTH || STOPWORDS.has(word)) { return null; }
    return stem(word);
  }
  function terms(text) {
    var out = [];
    var words = fold(text).match(WORD) || [];
    for (var i = 0; i < words.length; i++) {
      var t = term(words[i]);
      if (t !== null) { out.push(t); }
    }
    return out;
  }
  function slug(value) { return (fold(value).match(WORD) || []).join("-") || "none"; }
  api.terms = terms;
  api.slug = slug;

  /* ---- loading index files -------------------------------------------- */
  function get(name) {
    if (name in loaded) { return Promise.resolve(loaded[name]); }
    if (waiting[name]) { return waiting[name].promise; }
    var entry = {};
    entry.promise = new Promise(function (resolve, reject) {
      entry.resolve = resolve;
      var script = document.createElement("script");
      var src = root + "search/" + name.split("/").map(encodeURIComponent).join("/") + ".js";
      if (api.version) { src += "?v=" + encodeURIComponent(api.version); }
      script.src = src;
      script.async = true;
      script.onload = function () {
        if (!(name in loaded)) { reject(new Error("search file " + src + " did not load")); }
        script.remove();
      };
      script.onerror = function () {
        delete waiting[name];
        script.remove();
        reject(new Error("search file " + src + " is missing"));
      };
      api.files.push(src);
      document.head.appendChild(script);
    });
    waiting[name] = entry;
    return entry.promise;
  }

  function decode(b64, scored, count) {
    var bin = atob(b64);
    var docs = new Int32Array(count);
    var impacts = new Uint8Array(count);
    var doc = 0;
    var i = 0;
    var n = 0;
    while (i < bin.length && n < count) {
      var delta = 0;
      var shift = 0;
      var byte;
      do {
        byte = bin.charCodeAt(i++);
        delta |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte >= 0x80);
      doc += delta;
      docs[n] = doc;
      impacts[n++] = scored ? bin.charCodeAt(i++) : 0;
    }
    return { docs: docs, impacts: impacts };
  }

  /* The chunk that would hold a term: the last whose first term is <= it. */
  function chunkOf(meta, t) {
    var lo = 0;
    var hi = meta.chunks.length - 1;
    if (hi < 0 || t < meta.chunks[0]) { return -1; }
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (meta.chunks[mid] <= t) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  function postingsOf(entry) {
    var scored = entry[0].indexOf(":") < 0;
    if (typeof entry[2] === "number") {
      return get("p/" + entry[2]).then(function (b64) { return decode(b64, scored, entry[1]); });
    }
    return Promise.resolve(decode(entry[2], scored, entry[1]));
  }

  /* Entries for a term: exact, or (prefix) the most frequent terms that begin so. */
  function lookup(meta, t, prefix) {
    var first = chunkOf(meta, t);
    if (first < 0 && !prefix) { return Promise.resolve([]); }
    first = Math.max(first, 0);
    if (!prefix) {
      return get("t/" + first).then(function (chunk) {
        for (var i = 0; i < chunk.length; i++) {
          if (chunk[i][0] === t) { return [chunk[i]]; }
        }
        return [];
      });
    }
    var found = [];
    function scan(n, left) {
      return get("t/" + n).then(function (chunk) {
        for (var i = 0; i < chunk.length; i++) {
          if (chunk[i][0].lastIndexOf(t, 0) === 0) { found.push(chunk[i]); }
        }
        /* Terms that begin with t are consecutive: go on while the next chunk starts with t. */
        var next = n + 1 < meta.chunks.length ? meta.chunks[n + 1] : null;
        if (next !== null && next.lastIndexOf(t, 0) === 0 && left > 1) { return scan(n + 1, left - 1); }
      });
    }
    return scan(first, 3).then(function () {
      found.sort(function (a, b) { return b[1] - a[1]; });
      return found.slice(0, 8);
    });
  }

  /* ---- queries ------------------------------------------------------- */
  var FACETS = { year: 1, tag: 1, post: 1, "class": 1 };

  function parse(text, filters) {
    var groups = [];
    var exclude = [];
    var facets = [];
    /* facet:"two words" keeps its quotes; other quotes only group words. */
    var parts = text.match(/[a-z]+:["“][^"”]*["”]?|\S+/gi) || [];
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].replace(/["“”]/g, "");
      if (!part) { continue; }
      var m = /^([a-z]+):(.+)$/i.exec(part);
      if (m && FACETS[m[1].toLowerCase()]) {
        facets.push(m[1].toLowerCase() + ":" + slug(m[2]));
        continue;
      }
      var negative = part.charAt(0) === "-" && part.length > 1;
      var prefix = /\*$/.test(part);
      var found = terms(part.replace(/^-/, "").replace(/\*+$/, ""));
      for (var j = 0; j < found.length; j++) {
        var last = prefix && j === found.length - 1;
        if (negative) { exclude.push(found[j]); } else { groups.push({ term: found[j], prefix: last, word: part }); }
      }
    }
    Object.keys(filters).forEach(function (name) {
      if (filters[name]) { facets.push(name + ":" + slug(filters[name])); }
    });
    return { groups: groups, exclude: exclude, facets: facets };
  }

  var SCALE = 2097152; /* 2^21: room for two million documents */

  function idf(n, df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }

  function run(meta, query) {
    var n = meta.docs;
    var k1 = meta.k1;
    var groupLookups = query.groups.map(function (g, index) {
      var lastGroup = index === query.groups.length - 1;
      return lookup(meta, g.term, g.prefix).then(function (entries) {
        if (entries.length || g.prefix || !lastGroup || g.term.length < 3) { return { entries: entries, expanded: g.prefix }; }
        /* Nothing has this word: while typing, look for words that begin so. */
        return lookup(meta, g.term, true).then(function (more) { return { entries: more, expanded: true }; });
      });
    });
    var excludeLookups = query.exclude.map(function (t) { return lookup(meta, t, false); });
    var facetLookups = query.facets.map(function (t) { return lookup(meta, t, false); });
    return Promise.all([Promise.all(groupLookups), Promise.all(excludeLookups), Promise.all(facetLookups)])
      .then(function (all) {
        var groups = all[0];
        var loads = [];
        groups.forEach(function (g) { g.entries.forEach(function (e) { loads.push(postingsOf(e).then(function (p) { e.p = p; })); }); });
        all[1].forEach(function (es) { es.forEach(function (e) { loads.push(postingsOf(e).then(function (p) { e.p = p; })); }); });
        all[2].forEach(function (es) { es.forEach(function (e) { loads.push(postingsOf(e).then(function (p) { e.p = p; })); }); });
        return Promise.all(loads).then(function () { return score(n, k1, groups, all[1], all[2], query); });
      });
  }

  function score(n, k1, groups, excludes, facets, query) {
    var scores = new Float64Array(n);
    var need = new Uint16Array(n);
    var stamp = new Int32Array(n).fill(-1);
    var required = 0;
    var missing = [];
    groups.forEach(function (g, index) {
      if (!g.entries.length) { missing.push(query.groups[index].word); return; }
      required++;
      g.entries.forEach(function (e) {
        var w = idf(n, e[1]) * (k1 + 1) / 255;
        var p = e.p;
        for (var i = 0; i < p.docs.length; i++) {
          var d = p.docs[i];
          scores[d] += w * p.impacts[i];
          if (stamp[d] !== index) { stamp[d] = index; need[d]++; }
        }
      });
    });
    var filterCount = 0;
    var filterHits = new Uint16Array(query.facets.length ? n : 0);
    facets.forEach(function (es) {
      filterCount++;
      es.forEach(function (e) { e.p.docs.forEach(function (d) { filterHits[d]++; }); });
    });
    var excluded = new Uint8Array(query.exclude.length ? n : 0);
    excludes.forEach(function (es) { es.forEach(function (e) { e.p.docs.forEach(function (d) { excluded[d] = 1; }); }); });
    var results = [];
    var anyWords = query.groups.length > 0;
    if (missing.length && anyWords) { return { results: [], missing: missing, expanded: [] }; }
    for (var d = 0; d < n; d++) {
      if (anyWords && need[d] < required) { continue; }
      if (!anyWords && !filterCount && !query.exclude.length) { break; }
      if (filterCount && filterHits[d] < filterCount) { continue; }
      if (excluded.length && excluded[d]) { continue; }
      results.push(d);
    }
    if (anyWords) {
      /* Best score first, then newest (lowest number): one native numeric sort of keys
         packing the score (to 1e-4) above the document number. */
      var keys = new Float64Array(results.length);
      for (var r = 0; r < results.length; r++) {
        keys[r] = -Math.round(scores[results[r]] * 1e4) * SCALE + results[r];
      }
      keys.sort();
      for (r = 0; r < results.length; r++) { results[r] = ((keys[r] % SCALE) + SCALE) % SCALE; }
    }
    return { results: results, missing: [], expanded: groups.map(function (g) { return g.expanded; }) };
  }

  function docOf(meta, d) {
    var shard = Math.floor(d / meta.shard);
    return get("d/" + shard).then(function (rows) { return rows[d - shard * meta.shard]; });
  }

  /* ---- snippets -------------------------------------------------------- */
  var RAW_WORD = /[\p{L}\p{N}]+/gu;

  function hits(text, wanted) {
    var out = [];
    var m;
    RAW_WORD.lastIndex = 0;
    while ((m = RAW_WORD.exec(text)) !== null) {
      var folded = fold(m[0]);
      var t = term(folded);
      if (t === null) { continue; }
      if (wanted.exact.has(t) || wanted.prefixes.some(function (p) { return t.lastIndexOf(p, 0) === 0; })) {
        out.push({ start: m.index, end: m.index + m[0].length, term: t });
      }
    }
    return out;
  }

  function marked(text, found, parent) {
    var at = 0;
    found.forEach(function (h) {
      if (h.start < at) { return; }
      parent.appendChild(document.createTextNode(text.slice(at, h.start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(h.start, h.end);
      parent.appendChild(mark);
      at = h.end;
    });
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function snippet(data, wanted) {
    var best = null;
    data.p.forEach(function (p) {
      var found = hits(p[2], wanted);
      if (!found.length) { return; }
      var distinct = new Set(found.map(function (h) { return h.term; })).size;
      if (!best || distinct > best.distinct) { best = { para: p, found: found, distinct: distinct }; }
    });
    if (!best) {
      var first = data.p[0];
      return first ? { para: first, text: clip(first[2], 0, 0).text, found: [] } : null;
    }
    var text = best.para[2];
    /* Start the excerpt at the hit whose neighbourhood holds the most distinct words. */
    var anchor = best.found[0];
    var most = 0;
    best.found.forEach(function (h) {
      var near = new Set(best.found.filter(function (x) { return x.start >= h.start && x.end <= h.start + 220; })
        .map(function (x) { return x.term; })).size;
      if (near > most) { most = near; anchor = h; }
    });
    var c = clip(text, anchor.start, anchor.end);
    var inside = best.found.filter(function (h) { return h.start >= c.from && h.end <= c.to; })
      .map(function (h) { return { start: h.start - c.from + c.lead.length, end: h.end - c.from + c.lead.length, term: h.term }; });
    return { para: best.para, text: c.text, found: inside };
  }

  function clip(text, start, end) {
    var from = Math.max(0, start - 90);
    var to = Math.min(text.length, end + 180);
    if (from > 0) { var space = text.indexOf(" ", from); if (space >= 0 && space < start) { from = space + 1; } }
    if (to < text.length) { var back = text.lastIndexOf(" ", to); if (back > end) { to = back; } }
    var lead = from > 0 ? "… " : "";
    var tail = to < text.length ? " …" : "";
    return { text: lead + text.slice(from, to) + tail, from: from, to: to, lead: lead };
  }

  /* ---- the search page ------------------------------------------------- */
  var PAGE = 20;

  function setup() {
    var form = document.getElementById("search-form");
    if (!form) { return; }
    var box = document.getElementById("search-q");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var controls = form.querySelectorAll("[data-facet]");
    var meta = loaded.meta;
    var state = { serial: 0, results: [], shown: 0, wanted: null };
    api.version = meta ? meta.stamp || "" : "";
    var params = new URLSearchParams(window.location.search);
    box.value = params.get("q") || "";
    fillFacets(loaded.facets, controls);
    controls.forEach(function (c) { c.value = params.get(c.name) || ""; });
    if (!meta) {
      status.textContent = "The search index is missing: build the site again.";
      return;
    }

    function filters() {
      var out = {};
      controls.forEach(function (c) { if (c.value.trim()) { out[c.name] = c.value.trim(); } });
      return out;
    }

    function remember() {
      var p = new URLSearchParams();
      if (box.value.trim()) { p.set("q", box.value.trim()); }
      var f = filters();
      Object.keys(f).forEach(function (k) { p.set(k, f[k]); });
      var search = p.toString();
      try { window.history.replaceState(null, "", search ? "?" + search : window.location.pathname); } catch (e) { /* file:// may refuse */ }
    }

    function go() {
      var serial = ++state.serial;
      var query = parse(box.value, filters());
      remember();
      if (!query.groups.length && !query.facets.length) {
        list.textContent = "";
        more.hidden = true;
        status.textContent = "";
        return;
      }
      var started = performance.now();
      status.textContent = "Searching…";
      run(meta, query).then(function (outcome) {
        if (serial !== state.serial) { return; }
        api.timings = { ranked: performance.now() - started };
        state.results = outcome.results;
        state.shown = 0;
        state.wanted = wantedOf(query, outcome.expanded);
        list.textContent = "";
        if (outcome.missing.length) {
          status.textContent = "No cable contains " + outcome.missing.join(", ") + ".";
          more.hidden = true;
          return;
        }
        return show(serial).then(function () {
          var count = outcome.results.length;
          status.textContent = count === 0 ? "No cable matches." :
            count + " cable" + (count === 1 ? "" : "s") + " found" + (query.groups.length ? ", best first." : ", newest first.");
          api.timings.shown = performance.now() - started;
        });
      }).catch(function (error) {
        if (serial === state.serial) { status.textContent = "Search failed: " + error.message; }
      });
    }

    function show(serial) {
      var slice = state.results.slice(state.shown, state.shown + PAGE);
      state.shown += slice.length;
      more.hidden = state.shown >= state.results.length;
      return Promise.all(slice.map(function (d) { return docOf(meta, d); })).then(function (docs) {
        if (serial !== state.serial) { return; }
        var items = docs.map(function (doc) { return item(doc, state.wanted); });
        items.forEach(function (li) { list.appendChild(li); });
        api.shownAt = performance.now();
        docs.forEach(function (doc, i) {
          get("text/" + doc[0]).then(function (data) {
            if (serial === state.serial) { fillSnippet(items[i], doc, data, state.wanted); }
          }).catch(function () { /* a missing text file leaves the result without snippet */ });
        });
      });
    }

    var timer = null;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(go, 120);
    });
    controls.forEach(function (c) { c.addEventListener("change", go); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      go();
    });
    more.addEventListener("click", function () {
      var first = state.shown;
      show(state.serial).then(function () {
        var link = list.children[first] && list.children[first].querySelector("a");
        if (link) { link.focus(); }
      });
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var link = list.querySelector("a");
        if (link) { event.preventDefault(); link.focus(); }
      }
    });
    list.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("li > a"));
      var at = links.indexOf(document.activeElement);
      if (at < 0) { return; }
      if (event.key === "ArrowDown" && at + 1 < links.length) { event.preventDefault(); links[at + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : box).focus(); }
      if (event.key === "Escape") { event.preventDefault(); box.focus(); }
    });
    if (box.value.trim() || Object.keys(filters()).length) { go(); }
  }

  function wantedOf(query, expanded) {
    var exact = new Set();
    var prefixes = [];
    query.groups.forEach(function (g, i) {
      exact.add(g.term);
      if (expanded[i]) { prefixes.push(g.term); }
    });
    return { exact: exact, prefixes: prefixes };
  }

  function item(doc, wanted) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = root + "cables/" + encodeURIComponent(doc[0]) + ".html";
    marked(doc[1], hits(doc[1], wanted), link);
    li.appendChild(link);
    var meta = document.createElement("p");
    meta.className = "result-meta";
    meta.textContent = [doc[0], doc[2] || "undated", doc[3], doc[4]].filter(Boolean).join(" · ");
    li.appendChild(meta);
    return li;
  }

  function fillSnippet(li, doc, data, wanted) {
    var s = snippet(data, wanted);
    if (!s) { return; }
    var p = document.createElement("p");
    p.className = "result-snippet";
    if (s.para[1]) {
      var label = document.createElement("span");
      label.className = "result-para";
      label.textContent = s.para[0] === "notes" ? "Notes: " : "¶ " + s.para[1] + ": ";
      p.appendChild(label);
    }
    marked(s.text, s.found, p);
    li.appendChild(p);
    if (s.found.length && s.para[0] !== "notes") {
      li.querySelector("a").href = root + "cables/" + encodeURIComponent(doc[0]) + ".html#" + s.para[0];
    }
  }

  function fillFacets(facets, controls) {
    if (!facets) { return; }
    controls.forEach(function (c) {
      var values = facets[c.getAttribute("data-facet")] || [];
      var target = c.tagName === "SELECT" ? c : document.getElementById(c.getAttribute("list"));
      if (!target) { return; }
      values.forEach(function (row) {
        var option = document.createElement("option");
        if (c.tagName === "SELECT") {
          option.value = row[0];
          option.textContent = row[1] + " (" + row[2] + ")";
        } else {
          option.value = row[1];
          option.label = row[1] + " (" + row[2] + ")";
        }
        target.appendChild(option);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
  // The preview (cablegen serve) swapped <main> for a new one: bind its form.
  document.addEventListener("cablegen:update", setup);
}());
