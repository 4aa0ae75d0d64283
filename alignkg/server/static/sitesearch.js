// The static site's search: MiniSearch indexes the prebuilt documents (search-docs.js) in the browser.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const started = performance.now();
  const index = new MiniSearch({fields: ["label", "aka", "text", "type"], storeFields: ["label", "type", "text"],
                                searchOptions: {boost: {label: 3, aka: 2}, prefix: true, fuzzy: 0.2}});
  index.addAll(window.ALIGNKG_DOCS);
  const ms = Math.round(performance.now() - started);
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children) node.append(c);
    return node;
  }
  function search(text) {
    text = text.trim();
    if (!text) return;
    const hits = index.search(text).slice(0, 20);
    $("hits").replaceChildren(...hits.map((h) => {
      const li = el("li", {}, el("a", {href: "id/" + encodeURIComponent(h.id) + ".html"}, h.label), " ", el("span", {class: "type"}, h.type));
      if (h.text) li.append(el("div", {class: "note"}, h.text.length > 200 ? h.text.slice(0, 199) + "…" : h.text));
      return li;
    }));
    $("search-status").textContent = `${hits.length} result${hits.length === 1 ? "" : "s"} for “${text}” (index of ${index.documentCount} entities built in ${ms} ms)`;
    history.replaceState(null, "", "?q=" + encodeURIComponent(text));
  }
  $("search-form").addEventListener("submit", (e) => { e.preventDefault(); search($("q").value); });
  const q = new URLSearchParams(location.search).get("q");
  if (q) { $("q").value = q; search(q); }
  document.body.dataset.ready = "true";
})();
