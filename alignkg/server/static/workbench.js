// The page at / of `alignkg serve`: ask in plain words (/ask), search (/search), and a YASGUI workbench on /sparql.
"use strict";
(function () {
  const ID = "https://w3id.org/alignkg/id/", ONTOLOGY = "https://w3id.org/alignkg/ontology#";
  const $ = (id) => document.getElementById(id);
  const here = new URL(".", location.href);
  let PREFIXES = {};

  // Where an IRI opens here: its entity page, its anchor in the ontology page, or /resource.
  function pageOf(iri) {
    if (iri.startsWith(ID)) return "id/" + iri.slice(ID.length).split("/").map(encodeURIComponent).join("/");
    if (iri.startsWith(ONTOLOGY)) return "ontology#" + encodeURIComponent(iri.slice(ONTOLOGY.length));
    return "resource?iri=" + encodeURIComponent(iri);
  }
  function short(iri) {
    for (const [p, ns] of Object.entries(PREFIXES)) if (iri.startsWith(ns)) return p + ":" + iri.slice(ns.length);
    return iri;
  }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children) node.append(c);
    return node;
  }
  function status(id, text, error) { $(id).textContent = text; $(id).className = "status" + (error ? " error" : ""); }
  // The query with PREFIX lines for the predeclared prefixes it uses, so the editor does not flag them.
  function withPrefixes(text) {
    const lines = [];
    for (const [p, ns] of Object.entries(PREFIXES)) {
      const used = new RegExp("(^|[\\s(,/^|!])" + p + ":").test(text);
      const declared = new RegExp("PREFIX\\s+" + p + ":", "i").test(text);
      if (used && !declared) lines.push(`PREFIX ${p}: <${ns}>`);
    }
    return lines.length ? lines.join("\n") + "\n" + text : text;
  }

  // --- search -------------------------------------------------------------------------------
  function hitItem(hit) {
    const li = el("li", {}, el("a", {href: pageOf(hit.iri)}, hit.label), " ",
                  el("span", {class: "type"}, hit.type));
    if (hit.description) li.append(el("div", {class: "note"}, hit.description.length > 220 ? hit.description.slice(0, 219) + "…" : hit.description));
    return li;
  }
  async function search(text) {
    text = text.trim();
    if (!text) return;
    status("search-status", "searching…");
    const response = await fetch(`search?q=${encodeURIComponent(text)}&k=10`);
    if (!response.ok) { status("search-status", await response.text(), true); return; }
    const hits = (await response.json()).hits;
    $("hits").replaceChildren(...hits.map(hitItem));
    status("search-status", `${hits.length} result${hits.length === 1 ? "" : "s"} for “${text}”`);
  }

  // --- ask ----------------------------------------------------------------------------------
  function cell(value) {
    const text = value === null || value === undefined ? "" : String(value);
    return /^https?:\/\//.test(text) ? el("a", {href: pageOf(text)}, short(text)) : text;
  }
  function answerTable(columns, rows) {
    const head = el("tr", {}, ...columns.map((c) => el("th", {scope: "col"}, c)));
    const body = rows.map((row) => el("tr", {}, ...row.map((v) => el("td", {}, cell(v)))));
    return el("div", {class: "scroll"}, el("table", {id: "ask-table"}, el("thead", {}, head), el("tbody", {}, ...body)));
  }
  async function ask(text) {
    text = text.trim();
    if (!text) return;
    status("ask-status", "thinking…");
    $("ask-result").replaceChildren();
    let response;
    try { response = await fetch(`ask?q=${encodeURIComponent(text)}`); } catch (e) { status("ask-status", String(e), true); return; }
    if (response.status === 404) {  // a server without /ask: answer with search instead
      $("q").value = text;
      await search(text);
      status("ask-status", "This server does not answer questions in plain words; here is what search finds.");
      $("ask-result").append(el("p", {class: "note"}, "See the search results below."));
      return;
    }
    if (!response.ok) { status("ask-status", await response.text(), true); return; }
    const a = await response.json();
    const out = [];
    const hits = a.fallback || [];
    if (a.sparql) {  // read as a query: its rows, or (unsure) what the graph records nothing of
      const said = (a.reason || "").split("; ").pop();
      out.push(a.rows.length ? answerTable(a.columns || [], a.rows)
        : el("p", {class: "note"}, said.startsWith("the graph records") ? `No rows: ${said}.` : "No rows: the graph records no answer."));
      const open = el("a", {class: "button", href: "?query=" + encodeURIComponent(a.sparql), id: "ask-open"}, "Open in the workbench");
      out.push(el("p", {}, `The SPARQL it ran${a.form ? ` (${a.form})` : ""}: `, open), el("pre", {class: "sparql"}, a.sparql));
      if (hits.length) out.push(el("p", {}, "The closest entities by search:"), el("ol", {class: "hits"}, ...hits.map(hitItem)));
      status("ask-status", `${a.rows.length} row${a.rows.length === 1 ? "" : "s"}${a.confident ? "" : " — the graph records nothing for it"}`);
    } else {
      out.push(el("p", {}, "No query fits that question; the closest entities by search:"),
               el("ol", {class: "hits"}, ...hits.map(hitItem)));
      status("ask-status", `${hits.length} search result${hits.length === 1 ? "" : "s"}`);
    }
    if (a.entities && a.entities.length) {
      out.push(el("p", {class: "note"}, "Understood as: ",
        ...a.entities.flatMap((x, i) => [i ? ", " : "", el("a", {href: pageOf(x.iri)}, x.label)])));
    }
    $("ask-result").replaceChildren(...out);
  }

  // --- a Yasr plugin: CONSTRUCT/DESCRIBE answers as a graph (vis-network) -----------------------
  class GraphPlugin {
    constructor(yasr) { this.yasr = yasr; this.priority = 5; this.label = "Graph"; this.hideFromSelection = false; }
    triples() {
      const r = this.yasr.results;
      if (!r || !r.getVariables) return [];
      const vars = r.getVariables();
      if (!(vars.includes("subject") && vars.includes("predicate") && vars.includes("object"))) return [];
      return r.getBindings();
    }
    canHandleResults() { return this.triples().length > 0; }
    getIcon() { return el("span", {"aria-hidden": "true"}, "◉"); }
    draw() {
      const box = el("div", {class: "graph-plugin", role: "img", "aria-label": "the answer drawn as a graph"});
      this.yasr.resultsEl.replaceChildren(box);
      const labels = {}, nodes = new Map(), edges = [];
      const rows = this.triples();
      for (const t of rows) if (t.predicate.value.endsWith("#label") && t.object.type === "literal") labels[t.subject.value] = t.object.value;
      const node = (iri) => { if (!nodes.has(iri)) nodes.set(iri, {id: iri, label: labels[iri] || short(iri), shape: "dot", size: 10,
        color: iri.startsWith(ID) ? "#0072B2" : "#E69F00", font: {size: 16}}); };
      for (const t of rows) {
        if (t.object.type !== "uri" || t.predicate.value.endsWith("#type")) continue;
        node(t.subject.value); node(t.object.value);
        edges.push({from: t.subject.value, to: t.object.value, label: short(t.predicate.value), arrows: "to",
                    font: {size: 12, color: "#4a4a4f"}, color: {color: "#888888"}});
      }
      const network = new vis.Network(box, {nodes: [...nodes.values()], edges}, {
        physics: {stabilization: {iterations: 200}}, interaction: {hover: true, keyboard: true}});
      network.once("stabilizationIterationsDone", () => network.setOptions({physics: false}));
      network.on("doubleClick", (p) => { if (p.nodes.length) location.href = pageOf(p.nodes[0]); });
      box.dataset.nodes = nodes.size;
      box.dataset.edges = edges.length;
    }
  }

  // --- the workbench ------------------------------------------------------------------------
  // IRIs in result tables open entity pages here rather than the w3id.org address.
  function localiseLinks(root) {
    for (const a of root.querySelectorAll('a[href^="https://w3id.org/alignkg/"]')) {
      a.setAttribute("href", pageOf(a.getAttribute("href")));
      a.removeAttribute("target");
    }
  }

  async function start() {
    try { PREFIXES = await (await fetch("static/prefixes.json")).json(); } catch (e) { PREFIXES = {}; }
    Yasgui.Yasr.registerPlugin("graph", GraphPlugin);
    const endpoint = new URL("sparql", here).href;
    const params = new URLSearchParams(location.search);
    const yasgui = new Yasgui($("yasgui"), {
      requestConfig: {endpoint, method: "POST"},
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: {getData: () => [{endpoint}]},
      persistenceId: null,
      yasqe: {value: withPrefixes("SELECT ?technique ?label ?maturity WHERE {\n  ?technique a akg:Technique ; rdfs:label ?label .\n" +
                "  OPTIONAL { ?technique akg:maturity/rdfs:label ?maturity }\n} ORDER BY ?label LIMIT 50"),
              prefixCcApi: new URL("static/prefixes.json", here).href, autocompleters: ["prefixes", "variables"],
              resizeable: true, editorHeight: "260px"},
      yasr: {prefixes: PREFIXES, pluginOrder: ["table", "graph", "response"], defaultPlugin: "table"},
    });
    window.alignkgYasgui = yasgui;
    new MutationObserver(() => localiseLinks($("yasgui"))).observe($("yasgui"), {subtree: true, childList: true});
    const tab = () => yasgui.getTab();
    // Whole cells: YASR's shortened ("ellipsed") cells swallow the first click on an IRI.
    const wholeCells = (t) => { const yasr = t.getYasr(); const table = yasr.config.plugins.table || {};
      yasr.config.plugins.table = {...table, dynamicConfig: {...(table.dynamicConfig || {}), isEllipsed: false}}; };
    // What YASGUI leaves out for assistive technology: labels, and a tab list that holds only tabs.
    const accessible = () => {
      const list = $("yasgui").querySelector(".tabsList");
      const add = list && list.querySelector("button.addTab");
      if (add) list.after(add.parentElement === list ? add : add.parentElement);
      for (const input of $("yasgui").querySelectorAll("input.autocomplete")) input.setAttribute("aria-label", "SPARQL endpoint");
      const field = tab().getYasqe().getInputField();
      if (field) field.setAttribute("aria-label", "SPARQL query");
      for (const box of $("yasgui").querySelectorAll(".tableFilter")) box.setAttribute("aria-label", "filter the results");
      for (const select of $("yasgui").querySelectorAll(".pageSizeWrapper select, select")) if (!select.getAttribute("aria-label")) select.setAttribute("aria-label", "rows per page");
      for (const input of $("yasgui").querySelectorAll("input[type=checkbox]:not([aria-label])")) {
        const label = input.closest("label") || input.parentElement;
        if (!label || !label.textContent.trim()) input.setAttribute("aria-label", input.title || "option");
      }
    };
    wholeCells(tab());
    accessible();
    yasgui.on("tabSelect", () => setTimeout(() => { wholeCells(tab()); accessible(); }, 0));
    yasgui.on("tabAdd", () => setTimeout(accessible, 0));
    yasgui.on("queryResponse", (_, t) => {
      const yasr = t.getYasr();
      const form = (t.getYasqe().getQueryType && t.getYasqe().getQueryType()) || "";
      if (/CONSTRUCT|DESCRIBE/i.test(form)) yasr.selectPlugin("graph");
      setTimeout(() => { accessible(); $("yasgui").dataset.state = "answered"; }, 0);
    });

    const response = await fetch("queries");
    if (response.ok) {
      for (const q of await response.json()) {
        const button = el("button", {type: "button", title: q.description, "data-name": q.name}, q.name);
        button.addEventListener("click", () => {
          const yasqe = tab().getYasqe();
          yasqe.setValue(withPrefixes(q.text));
          yasqe.query();
        });
        $("named").append(el("li", {}, button));
      }
    }
    if (params.get("query")) {
      tab().getYasqe().setValue(withPrefixes(params.get("query")));
      tab().getYasqe().query();
    }
    if (params.get("q")) { $("q").value = params.get("q"); search(params.get("q")); }
    if (params.get("ask")) { $("ask-q").value = params.get("ask"); ask(params.get("ask")); }
    document.body.dataset.ready = "true";
  }

  $("search-form").addEventListener("submit", (e) => { e.preventDefault(); search($("q").value); });
  $("ask-form").addEventListener("submit", (e) => { e.preventDefault(); ask($("ask-q").value); });
  start();
})();
