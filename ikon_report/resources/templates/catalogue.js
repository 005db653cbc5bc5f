// Web edition of the catalogue of services: search, filters, language switch.
// Data comes from the embedded JSON; every text is set with textContent (never parsed as HTML).
// Matching rules are the same as in ikon_report/catalogue/filters.py (see docs/catalogue.md).
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("catalogue-data").textContent);
  const $ = (id) => document.getElementById(id);
  const MAX_AGE = 120;
  const KEYS = ["lang", "q", "gender", "age", "status", "language", "field", "district"];
  const state = { lang: "de", q: "", gender: "", age: "", status: "", language: "", field: "", district: "" };

  const labels = () => data.labels[state.lang] || data.labels.de;
  const L = (key) => (key in labels() ? labels()[key] : data.labels.de[key]);
  // A yes/no fact of a service; null (not known) reads „keine Angabe“, never „nein“.
  const yesNo = (key, value) => key + (value === null || value === undefined ? "_unknown" : value ? "_yes" : "_no");
  const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  const langName = (code) => (state.lang === "de" ? data.germanNames[code] : data.endonyms[code]) || code;
  const category = (name) => (labels().categories || {})[name] || name;
  const fieldName = (f) => f.names[state.lang] || f.names.de;
  const join = (items) => items.join(L("comma"));

  // ---- matching (same rules as filters.py; the search is catalogue-search.js) -----------------
  // The search index is built in the background after the first drawing; a query typed (or
  // shared in the address) before it is ready is applied as soon as it is.
  let searcher = null;
  let searchReady = false;
  const scores = () => (state.q.trim() && searchReady ? searcher.find(state.q) : null);
  function startSearch() {
    searcher = IkonSearch.create(data);
    searcher.ready.then(() => {
      searchReady = true;
      document.documentElement.dataset.search = "ready";
      if (state.q.trim()) render();
    });
  }

  function matches(s, hits) {
    if (state.gender && s.gender !== "all" && s.gender !== state.gender) return false;
    if (state.age !== "") {
      const age = Number(state.age);
      const low = s.ageMin === null ? 0 : s.ageMin;
      const high = s.ageMax === null ? MAX_AGE : s.ageMax;
      if (age < low || age > high) return false;
    }
    if (state.status && !s.status.includes("all") && !s.status.includes(state.status)) return false;
    if (state.language && !s.languages.includes(state.language)) return false;
    if (state.field && !s.fields.includes(state.field)) return false;
    if (state.district && s.district !== state.district) return false;
    return hits === null || hits.has(s.id);
  }

  // ---- entry cards -------------------------------------------------------------------------
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function ageText(s) {  // as Labels.age in labels.py; a minimum of 0 is no minimum
    const low = s.ageMin || null;
    if (low === null && s.ageMax === null) return L("age_all");
    if (s.ageMax === null) return fmt(L("age_from"), { min: low });
    if (low === null) return fmt(L("age_to"), { max: s.ageMax });
    if (low === s.ageMax) return fmt(L("age_exact"), { min: low });
    return fmt(L("age_range"), { min: low, max: s.ageMax });
  }

  function german(node) {
    if (state.lang !== "de") { node.lang = "de-DE"; node.dir = "ltr"; }
    return node;
  }

  // Contact text with e-mail addresses and phone numbers as links (built from text, not markup).
  function contact(text) {
    const dd = el("dd");
    german(dd);
    const pattern = /([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|((?:\+|\b0)\d[\d /-]{5,}\d)/g;
    let last = 0;
    for (const m of text.matchAll(pattern)) {
      dd.append(text.slice(last, m.index));
      const href = m[1] ? "mailto:" + m[1] : "tel:" + m[2].replace(/[^\d+]/g, "");
      dd.append(el("a", { href }, m[0]));
      last = m.index + m[0].length;
    }
    dd.append(text.slice(last));
    return dd;
  }

  function fact(dl, key, value) {
    const row = el("div");
    row.append(el("dt", {}, L(key)), value instanceof Node ? value : el("dd", {}, value));
    dl.append(row);
  }

  function card(s) {
    const translated = state.lang === "de" || s.title[state.lang] !== undefined;
    const describes = state.lang === "de" || s.description[state.lang] !== undefined;
    const article = el("article", { class: "card", "aria-labelledby": "t-" + s.id });
    const h3 = el("h3", { id: "t-" + s.id }, translated ? s.title[state.lang] : s.title.de);
    if (!translated) german(h3);
    if (s.illustrative) h3.append(" ", el("span", { class: "mark" }, "[" + L("illustrative_mark") + "]"));
    article.append(h3);
    const meta = el("p", { class: "meta" });
    meta.append(german(el("span", {}, s.provider)), " · " + category(s.category) + " · ", el("span", { class: "id" }, s.id));
    article.append(meta);
    if (!describes) article.append(el("p", { class: "fallback" }, L(translated ? "fallback_description" : "fallback")));
    const desc = el("p", { class: "desc" }, describes ? s.description[state.lang] : s.description.de);
    if (!describes) german(desc);
    article.append(desc);
    const dl = el("dl", { class: "facts" });
    const who = [s.gender === "all" ? L("gender").all : L("gender")[s.gender], ageText(s),
      s.status.includes("all") ? L("residence").all : join(s.status.map((x) => L("residence")[x]))];
    fact(dl, "for", who.join(" · "));
    const langs = el("dd");  // each name isolated: Latin, Arabic and Cyrillic names in one list keep their order
    s.languages.forEach((code, i) => langs.append(...(i ? [L("comma")] : []), el("bdi", {}, langName(code))));
    fact(dl, "languages", langs);
    const place = el("dd");
    place.append(german(el("span", {}, s.district + ", " + s.address)), " · " + L(yesNo("barrier_free", s.barrierFree)));
    fact(dl, "place", place);
    fact(dl, "contact", contact(s.contact));
    const hours = s.hours && (s.hours[state.lang] || s.hours.de);  // rendered per language from CLDR
    if (hours) {
      const dd = el("dd", {}, hours.week);
      if (hours.note) dd.append(...(hours.week ? ["\n"] : []), hours.germanNote ? german(el("span", {}, hours.note)) : hours.note);
      fact(dl, "hours", dd);
    }
    const costs = el("dd");
    costs.append(s.free ? L("free") : german(el("span", {}, s.costs)), " · " + L(yesNo("registration", s.registration)));
    fact(dl, "costs", costs);
    fact(dl, "checked", data.checked[state.lang][s.id]);
    article.append(dl);
    const li = el("li");
    li.append(article);
    return li;
  }

  // ---- controls ------------------------------------------------------------------------------
  function fill(select, options) {
    const keep = state[select.name];
    select.replaceChildren(el("option", { value: "" }, L("any")));
    for (const [value, text] of options) select.append(el("option", { value }, text));
    select.value = options.some(([v]) => v === keep) ? keep : "";
    state[select.name] = select.value;
  }

  const sorted = (pairs) => pairs.sort((a, b) => a[1].localeCompare(b[1], state.lang));

  function fillControls() {
    fill($("f-gender"), data.genders.map((g) => [g, L("gender")[g]]));
    fill($("f-status"), data.statuses.map((x) => [x, L("residence")[x]]));
    const codes = [...new Set(data.services.flatMap((s) => s.languages))];
    fill($("f-language"), sorted(codes.map((c) => [c, langName(c)])));
    fill($("f-field"), data.fields.map((f) => [f.id, fieldName(f)]));
    const districts = [...new Set(data.services.map((s) => s.district))];
    fill($("f-district"), sorted(districts.map((d) => [d, d])));
    $("q").value = state.q;
    $("f-age").value = state.age;
  }

  function applyLanguage() {
    const root = document.documentElement;
    root.lang = L("locale");
    root.dir = L("dir");
    for (const node of document.querySelectorAll("[data-label]")) {
      node.textContent = fmt(L(node.dataset.label), { city: data.city });
    }
    document.title = fmt(L("web_title"), { city: data.city });
    $("date").textContent = data.dates[state.lang];
    $("ui-lang").value = state.lang;
    fillControls();
  }

  const PAGE = 60;  // cards drawn at a time: thousands of services stay quick on a phone
  let announce = 0;
  let shown = [];
  function render(typing = false) {
    const hits = scores();
    shown = data.services.filter((s) => matches(s, hits));
    if (hits) shown.sort((a, b) => hits.get(b.id) - hits.get(a.id));  // best matches first (stable sort)
    const list = $("results");
    list.replaceChildren(...shown.slice(0, PAGE).map(card));
    showMore();
    const active = ["gender", "age", "status", "language", "field", "district"].filter((k) => state[k] !== "").length;
    $("active").textContent = active ? String(active) : "";
    $("empty").hidden = shown.length > 0;
    // The live region is updated once typing pauses, so screen readers hear one count, not every key.
    clearTimeout(announce);
    const say = () => { $("count").textContent = fmt(L("results"), { count: shown.length, total: data.services.length }); };
    if (typing) announce = setTimeout(say, 300); else say();
    saveHash();
  }

  function showMore() {
    const rest = shown.length - $("results").children.length;
    $("more-results").hidden = rest <= 0;
    $("more-results").textContent = fmt(L("more"), { count: rest });
  }

  $("more-results").addEventListener("click", () => {
    const list = $("results");
    const next = shown.slice(list.children.length, list.children.length + PAGE).map(card);
    list.append(...next);
    showMore();
    if (next.length) {  // keyboard users continue at the first new entry
      const heading = next[0].querySelector("h3");
      heading.tabIndex = -1;
      heading.focus();
    }
  });

  function saveHash() {
    const params = new URLSearchParams();
    for (const key of KEYS) if (state[key] && !(key === "lang" && state.lang === "de")) params.set(key, state[key]);
    const hash = params.toString();
    if (hash === location.hash.slice(1)) return;
    try {  // the current selection as a shareable link; some browsers refuse this for file:// pages
      history.replaceState(null, "", hash ? "#" + hash : location.href.split("#")[0]);
    } catch (err) { /* keep working without it */ }
  }

  function loadHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    for (const key of KEYS) if (params.has(key)) state[key] = params.get(key);
    if (!data.langs.includes(state.lang)) state.lang = "de";
    if (state.age !== "" && !/^\d{1,3}$/.test(state.age)) state.age = "";
  }

  const form = $("filter-form");
  form.addEventListener("submit", (event) => event.preventDefault());
  const update = (event) => {
    const target = event.target;
    if (!target.name) return;
    const value = target.name === "age" && !/^\d{1,3}$/.test(target.value) ? "" : target.value;
    if (state[target.name] === value) return;  // selects fire both "input" and "change"
    state[target.name] = value;
    render(event.type === "input" && target.tagName === "INPUT");
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("reset", () => {
    setTimeout(() => {
      for (const key of KEYS) if (key !== "lang") state[key] = "";
      fillControls();
      render();
      $("q").focus();
    });
  });
  $("ui-lang").addEventListener("change", (event) => {
    state.lang = event.target.value;
    applyLanguage();
    render();
  });
  window.addEventListener("hashchange", () => { loadHash(); applyLanguage(); render(); });

  loadHash();
  applyLanguage();
  render();
  startSearch();
  // Phones: the filters start folded (unless a shared link already sets some), the results come first.
  if (!window.matchMedia("(min-width: 56rem)").matches && !$("active").textContent) $("more").open = false;
})();
