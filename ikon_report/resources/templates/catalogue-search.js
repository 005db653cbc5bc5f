// Search of the web edition (docs/catalogue.md#search): MiniSearch over every language's texts.
// Each language has its own fields, stemmed by that language's stemmer (IKON_STEMMERS, vendored);
// a query word is looked up in every language with prefix and typo matching; all words must match.
const IkonSearch = (() => {
  "use strict";
  const FIELD_KINDS = ["title", "keys", "text"];  // title, keywords + category, everything else
  const BOOST = { title: 3, keys: 2, text: 1 };
  const OTHER = "other";  // ids, contact, language names: no stemming
  const CHUNK = 200;  // services indexed between two turns of the event loop

  const marks = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
  // Lower case, stem (the stemmers expect lower case with umlauts), then drop accents and marks.
  function processor(lang) {
    const stem = IKON_STEMMERS[lang] || ((word) => word);
    return (term) => {
      const word = term.toLocaleLowerCase();
      return word ? marks(stem(word)) : null;
    };
  }
  // One typo in words of 5 letters or more, two from 9 letters on (counted after stemming).
  const typos = (term) => (term.length < 5 ? 0 : term.length < 9 ? 1 : 2);

  function create(data) {
    const langs = data.langs;
    const process = Object.fromEntries(langs.map((l) => [l, processor(l)]));
    const plain = processor("");
    const fieldsOf = (lang) => FIELD_KINDS.map((kind) => kind + ":" + lang);
    const fields = [...langs.flatMap(fieldsOf), OTHER];
    const boost = Object.fromEntries(langs.flatMap((l) => FIELD_KINDS.map((k) => [k + ":" + l, BOOST[k]])));
    const index = new MiniSearch({
      fields,
      processTerm: (term, field) => (field === OTHER ? plain : process[field.split(":")[1]])(term),
    });
    const docs = data.services.map((s) => {
      const doc = { id: s.id };
      const words = s.search.keywords;
      for (const lang of langs) {
        const categories = data.labels[lang].categories || {};
        const category = lang === "de" ? s.category : categories[s.category] || "";
        const german = lang === "de"
          ? [s.provider, s.district, s.search.address, ...s.languages.map((c) => data.germanNames[c] || "")] : [];
        doc["title:" + lang] = s.title[lang] || "";
        doc["keys:" + lang] = [category, ...(words[lang] || [])].join(" ");
        doc["text:" + lang] = [s.description[lang] || "", ...german].join(" ");
      }
      doc[OTHER] = [s.id, s.search.contact, ...s.languages.map((c) => data.endonyms[c] || c)].join(" ");
      return doc;
    });
    // Indexed in chunks between other work, so the page stays responsive (3,000 services: ~2 s).
    const ready = index.addAllAsync(docs, { chunkSize: CHUNK });
    const tokenize = MiniSearch.getDefault("tokenize");

    // Scores by service id for the query, or null for an empty query (everything matches).
    // Call it once ``ready`` has resolved.
    function find(query) {
      const words = tokenize(query).filter(Boolean);
      if (!words.length) return null;
      const perWord = words.map((word) => ({
        combineWith: "OR",
        queries: [
          ...langs.map((lang) => ({ queries: [word], fields: fieldsOf(lang), processTerm: process[lang] })),
          { queries: [word], fields: [OTHER], processTerm: plain },
        ],
      }));
      const hits = index.search({ combineWith: "AND", queries: perWord },
        { prefix: true, fuzzy: typos, boost });
      return new Map(hits.map((hit) => [hit.id, hit.score]));
    }
    return { find, ready };
  }
  return { create };
})();
