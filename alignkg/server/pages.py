"""HTML pages for people: an entity page, the page of an unknown IRI, shared by ``alignkg serve`` and ``alignkg site``.

The same :class:`~alignkg.server.entity.Entity` renders for the server (links such as
``debate``, ``../?query=…``) and for the static site (``debate.html``); :class:`Paths`
says which. Pages load ``static/site.css`` and, for the neighbourhood picture,
``static/vis-network.min.js``: nothing from another host.

Example
-------
>>> import alignkg
>>> from alignkg.server.entity import ID, describe
>>> kg = alignkg.load()
>>> page = entity_page(describe(kg, ID + "debate"), SERVER)
>>> '<h1>Debate</h1>' in page and 'href="deceptive-alignment"' in page
True
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from alignkg.server.entity import ID, ONTOLOGY, Entity, Ref, local_name, slug

if TYPE_CHECKING:
    from alignkg.kg import KnowledgeGraph

#: The formats of an entity's description: ``?format=`` value → (media type, file suffix on the static site).
RDF_FORMATS = {"turtle": ("text/turtle", "ttl"), "nt": ("application/n-triples", "nt"),
               "jsonld": ("application/ld+json", "jsonld"), "rdfxml": ("application/rdf+xml", "rdf")}
FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF/XML"}


def section(key: str, title: str, inner: str) -> str:
    """A page section titled ``title``, labelled by its heading (``h-<key>``).

    >>> section("facts", "Facts", "<p>x</p>")
    '<section aria-labelledby="h-facts"><h2 id="h-facts">Facts</h2><p>x</p></section>'
    """
    return f'<section aria-labelledby="h-{key}"><h2 id="h-{key}">{title}</h2>{inner}</section>'


#: The neighbourhood section; its network is drawn by :func:`_picture_scripts`.
PICTURE = section("picture", "Neighbourhood",
                  '<p class="note">Its direct links, drawn. Drag to move, scroll to zoom, click a node to open its page.</p>'
                  '<div id="alignkg-status" data-state="loading">loading…</div>'
                  '<div id="network" class="network" role="img" aria-label="the entity and its direct links as a network"></div>')
#: Pictures with more nodes than this are left out of an entity page (a hub's neighbourhood is a hairball).
MAX_PICTURE_NODES = 120


@dataclass(frozen=True)
class Paths:
    """Where a page's links go, relative to the page: the server's URLs or the static site's files."""

    root: str  # from this page to the site's root
    suffix: str  # "" on the server (content negotiation), ".html" on the static site
    ontology: str  # the ontology page, from the root
    sparql: bool  # whether there is a SPARQL endpoint (a workbench to open queries in)
    id_dir: str = ""  # from this page to the entity pages' folder
    formats: tuple[str, ...] = tuple(RDF_FORMATS)  # the RDF formats an entity's description comes in here

    def entity(self, iri: str) -> str | None:
        """The link to a node's page, or ``None`` when it has none here."""
        if iri.startswith(ID):
            return f"{self.id_dir}{quote(slug(iri))}{self.suffix}"
        if iri.startswith(ONTOLOGY):
            return f"{self.root}{self.ontology}#{quote(local_name(iri))}"
        if self.sparql and iri.startswith(("http://", "https://", "urn:")):
            return f"{self.root}resource?iri={quote(iri, safe='')}"
        return None

    def data(self, entity: Entity, fmt: str) -> str:
        """The link to the entity's description in an RDF format."""
        if self.sparql:
            here = self.entity(entity.iri) or ""
            return f"{here}{'&' if '?' in here else '?'}format={fmt}"
        return f"{self.id_dir}{quote(entity.slug)}.{RDF_FORMATS[fmt][1]}"


#: Entity pages served at ``/id/<slug>``.
SERVER = Paths(root="../", suffix="", ontology="ontology", sparql=True)
#: Pages of other IRIs, served at ``/resource?iri=…``.
SERVER_RESOURCE = Paths(root="", suffix="", ontology="ontology", sparql=True, id_dir="id/")
#: Entity pages of the static site, written to ``id/<slug>.html``.
SITE = Paths(root="../", suffix=".html", ontology="ontology.html", sparql=False, formats=("turtle", "jsonld"))


def e(text: object) -> str:
    """HTML-escaped text."""
    return html.escape(str(text), quote=True)


def link(ref: Ref, paths: Paths) -> str:
    """``<a href=…>label</a>`` for a node with a page here, else its label."""
    href = paths.entity(ref.iri)
    label = e(ref.label)
    return f'<a href="{e(href)}">{label}</a>' if href else f'<span title="{e(ref.iri)}">{label}</span>'


def stars(credibility: int | None) -> str:
    """Credibility as five stars with a text equivalent.

    >>> stars(3)
    '<span class="stars" title="credibility 3 of 5" aria-label="credibility 3 of 5">★★★☆☆</span>'
    """
    if credibility is None:
        return ""
    n = max(0, min(5, credibility))
    text = f"credibility {n} of 5"
    return f'<span class="stars" title="{text}" aria-label="{text}">{"★" * n}{"☆" * (5 - n)}</span>'


def layout(title: str, body: str, paths: Paths, *, head: str = "", scripts: str = "") -> str:
    """A whole page: the site's header and navigation around ``body``."""
    home = f"{paths.root}{'index.html' if paths.suffix else ''}" or "./"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} — alignkg</title>
<link rel="stylesheet" href="{paths.root}static/site.css">
{head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><nav aria-label="site">
<a class="brand" href="{e(home)}">alignkg</a>
<a href="{e(home)}">{'Search' if paths.suffix else 'Workbench'}</a>
<a href="{paths.root}{paths.ontology}">Ontology</a>
</nav></header>
<main id="main">
{body}
</main>
{scripts}
</body>
</html>
"""


def entity_page(entity: Entity, paths: Paths, *, similar: list[Ref] | None = None,
                picture: dict[str, Any] | None = None) -> str:
    """The page of one entity: header, facts, links, findings, sources, mappings, picture, similar entities."""
    parts = [_header(entity, paths), _facts(entity, paths), _links(entity, paths), _findings(entity, paths),
             _sources(entity, paths), _mappings(entity, paths)]
    scripts = ""
    if picture and 1 < len(picture["nodes"]) <= MAX_PICTURE_NODES:
        parts.append(PICTURE)
        scripts = _picture_scripts(picture, paths)
    if similar:
        items = "".join(f"<li>{link(r, paths)} <span class=type>{e(r.type)}</span></li>" for r in similar)
        parts.append(section("similar", "Similar entities",
                             f'<p class="note">Nearest by meaning in the search index.</p><ul class="similar">{items}</ul>'))
    parts.append(_query_this(entity, paths))
    alternates = "".join(f'<link rel="alternate" type="{media}" href="{e(paths.data(entity, fmt))}">'
                         for fmt, (media, _) in RDF_FORMATS.items() if fmt in paths.formats)
    return layout(entity.label, "\n".join(p for p in parts if p), paths, head=alternates, scripts=scripts)


def not_found_page(name: str, matches: list[Ref], paths: Paths) -> str:
    """The 404 page: nothing is known at this IRI; the nearest matches by search."""
    items = "".join(f"<li>{link(r, paths)} <span class=type>{e(r.type)}</span></li>" for r in matches)
    offer = (f"<p>The nearest matches by search:</p><ul class=similar id=nearest>{items}</ul>" if matches
             else "<p>Search finds nothing close to it either.</p>")
    body = f"<h1>Not found</h1><p>The graph holds nothing at <code>{e(name)}</code>.</p>{offer}"
    return layout("Not found", body, paths)


def _header(entity: Entity, paths: Paths) -> str:
    kind = link(entity.type, paths) if entity.type.iri else e(entity.type.label)
    others = ", ".join(e(a) for a in entity.alt_labels)
    names = f'<p class="aka">Also called: {others}</p>' if others else ""
    description = f'<p class="description">{e(entity.description)}</p>' if entity.description else ""
    return (f'<p class="kind">{kind}</p><h1>{e(entity.label)}</h1>'
            f'<p class="iri"><code>{e(entity.iri)}</code></p>{names}{description}')


def _facts(entity: Entity, paths: Paths) -> str:
    if not entity.facts:
        return ""
    rows = "".join(f"<tr><th scope=row>{e(f.caption.capitalize())}</th>"
                   f"<td>{link(f.ref, paths) if f.ref else e(f.text)}</td></tr>" for f in entity.facts)
    return section("facts", "Facts", f'<table class="facts">{rows}</table>')


def _links(entity: Entity, paths: Paths) -> str:
    if not entity.links:
        return ""
    groups = []
    for group in entity.links:
        arrow = f"{e(entity.label)} → {e(group.relation)}" if group.direction == "out" else f"{e(group.relation)} → {e(entity.label)}"
        items = "".join(f"<li>{link(ref, paths)} <span class=type>{e(ref.type)}</span>"
                        f"{f' <span class=note>({e(note)})</span>' if note else ''}</li>" for ref, note in group.targets)
        groups.append(f'<div class="group" data-relation="{e(local_name(group.predicate))}" data-direction="{group.direction}">'
                      f"<h3>{arrow}</h3><ul>{items}</ul></div>")
    return section("links", "Links", f'<div class="groups">{"".join(groups)}</div>')


def _findings(entity: Entity, paths: Paths) -> str:
    if not entity.findings:
        return ""
    rows = "".join(
        f"<tr><td>{link(f.ref, paths)}</td><td>{e(f.metric)}</td><td>{e(f.value)}</td><td>{e(f.baseline)}</td>"
        f"<td>{', '.join(link(s, paths) for s in f.sources)}</td></tr>" for f in entity.findings)
    return section("findings", "Findings", '<div class="scroll"><table>'
                   "<thead><tr><th scope=col>Finding</th><th scope=col>Metric</th><th scope=col>Value</th>"
                   f"<th scope=col>Baseline</th><th scope=col>Sources</th></tr></thead><tbody>{rows}</tbody></table></div>")


def _sources(entity: Entity, paths: Paths) -> str:
    if not entity.sources:
        return ""
    items = "".join(f"<li>{link(s.ref, paths)} {stars(s.credibility)}"
                    f"{f' <span class=note>{e(s.detail)}</span>' if s.detail else ''}</li>" for s in entity.sources)
    return section("sources", "Sources", f'<ul class="sources">{items}</ul>')


def _mappings(entity: Entity, paths: Paths) -> str:
    if not entity.mappings:
        return ""
    rows = "".join(
        f"<tr><td>{e(m.match) if m.direction == 'out' else e(m.match) + ' (to this)'}</td><td>{link(m.other, paths)}</td>"
        f"<td>{'' if m.confidence is None else f'{m.confidence:.2f}'}</td></tr>" for m in entity.mappings)
    return section("mappings", "Crosswalk mappings", "<table><thead><tr><th scope=col>Match</th>"
                   "<th scope=col>In the other taxonomy</th><th scope=col>Confidence</th></tr>"
                   f"</thead><tbody>{rows}</tbody></table>")


def _picture_scripts(picture: dict[str, Any], paths: Paths) -> str:
    from alignkg.viz.page import NETWORK_SCRIPT

    payload = json.dumps(picture, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")
    follow = (f"window.alignkgNetwork.on('click', function (p) {{ var id = p.nodes[0];"
              f" if (id && id.indexOf('id:') === 0) location.href = encodeURIComponent(id.slice(3)) + {json.dumps(paths.suffix)}; }});")
    return (f'<script type="application/json" id="alignkg-data">{payload}</script>\n'
            f'<script src="{paths.root}static/vis-network.min.js"></script>\n'
            f"<script>{NETWORK_SCRIPT}\n{follow}</script>")


def _query_this(entity: Entity, paths: Paths) -> str:
    query = f"DESCRIBE <{entity.iri}>"
    formats = " · ".join(f'<a href="{e(paths.data(entity, fmt))}">{FORMAT_NAMES[fmt]}</a>' for fmt in paths.formats)
    run = (f' <a class="button" href="{paths.root}?query={quote(query, safe="")}">Query this in the workbench</a>'
           if paths.sparql else "")
    return section("data", "Data", f"<p>This entity as RDF: {formats}.</p><p>SPARQL: <code>{e(query)}</code>{run}</p>")


def neighbourhood_data(kg: "KnowledgeGraph", iri: str) -> dict[str, Any] | None:
    """The vis-network data of the entity's depth-1 neighbourhood; ``None`` if it has none to draw."""
    from alignkg.errors import QueryError
    from alignkg.viz.page import network_data
    from alignkg.viz.views import neighbourhood

    try:
        return network_data(neighbourhood(kg, iri, depth=1))
    except (QueryError, KeyError):
        return None
