"""``alignkg site -o DIR``: the graph as a static website that works from ``file://`` and any static host.

What it writes::

    index.html            home: lexical search in the browser (MiniSearch), the entities by type, downloads
    id/<slug>.html        one page per entity (the server's entity page, with file links)
    id/<slug>.ttl, .jsonld  the entity's description as RDF
    ontology.html         the vocabulary (pyLODE)
    risk-technique.html, coverage.html   the pictures (alignkg viz)
    alignkg.ttl, alignkg.jsonld, alignkg.nt   the whole graph
    search-docs.js        the documents the in-browser search indexes (a script, so file:// can load it)
    static/               CSS and the vendored JavaScript, with their licences

The folder is built beside ``DIR`` and renamed into place; an existing ``DIR`` is replaced
only if it is empty or an earlier site (it holds ``.alignkg-site``).

Example
-------
A folder that holds something else is never replaced:

>>> import alignkg, pathlib
>>> build_site(alignkg.load(), pathlib.Path(alignkg.__file__).parent)
Traceback (most recent call last):
alignkg.errors.AlignKGError: .../alignkg exists and is not an alignkg site: choose a new or empty folder
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import click

from alignkg.errors import AlignKGError
from alignkg.server import entity as ent
from alignkg.server import pages

if TYPE_CHECKING:
    from alignkg.kg import KnowledgeGraph

MARKER = ".alignkg-site"
STATIC = ("site.css", "minisearch.js", "sitesearch.js", "LICENSE-minisearch", "README.md")
DUMPS = {"alignkg.ttl": "turtle", "alignkg.jsonld": "jsonld", "alignkg.nt": "nt"}


@dataclass(frozen=True)
class SiteReport:
    """What a build wrote and how long it took (seconds)."""

    pages: int
    files: int
    seconds: float


def build_site(kg: "KnowledgeGraph", target: Path | str, *, similar: bool = True, pictures: bool = True) -> SiteReport:
    """Write the static site of ``kg`` to ``target`` (atomically); ``similar`` adds similar entities (search index)."""
    from alignkg.atomic import replace_dir

    started = time.perf_counter()
    target = Path(target)
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).exists())):
        raise AlignKGError(f"{target} exists and is not an alignkg site: choose a new or empty folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".building", dir=target.parent))
    try:
        count = _write(kg, build, similar=similar, pictures=pictures)
        (build / MARKER).write_text("written by alignkg site\n", encoding="utf-8")
        files = sum(1 for p in build.rglob("*") if p.is_file())
        build.chmod(0o755)
        replace_dir(build, target)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return SiteReport(count, files, time.perf_counter() - started)


def _write(kg: "KnowledgeGraph", out: Path, *, similar: bool, pictures: bool) -> int:
    from alignkg.docs import ontology_html
    from alignkg.server.web import Pages

    (out / "id").mkdir()
    (out / "static").mkdir()
    static = resources.files("alignkg.server").joinpath("static")
    for name in STATIC:
        (out / "static" / name).write_bytes(static.joinpath(name).read_bytes())
    vendor = resources.files("alignkg.viz").joinpath("vendor")
    (out / "static" / "vis-network.min.js").write_bytes(vendor.joinpath("vis-network.min.js").read_bytes())
    (out / "static" / "LICENSE-vis-network-MIT").write_bytes(vendor.joinpath("LICENSE-vis-network-MIT").read_bytes())

    renderer = Pages(kg)
    docs, by_type = [], {}
    iris = sorted(ent.entity_iris(kg))
    for iri in iris:
        entity = ent.describe(kg, iri, renderer.reader)
        if entity is None:
            continue
        picture = pages.neighbourhood_data(kg, iri)
        near = renderer.similar(entity) if similar else None
        name = entity.slug
        (out / "id" / f"{name}.html").write_text(pages.entity_page(entity, pages.SITE, similar=near, picture=picture),
                                                 encoding="utf-8")
        described = ent.description_graph(kg, iri)
        for fmt in pages.SITE.formats:
            (out / "id" / f"{name}.{pages.RDF_FORMATS[fmt][1]}").write_bytes(ent.serialise(described, fmt))
        docs.append({"id": name, "label": entity.label, "type": entity.type.label,
                     "aka": " ".join(entity.alt_labels), "text": entity.description[:400]})
        by_type.setdefault(entity.type.label, []).append((entity.label, name))
    (out / "search-docs.js").write_text(
        "window.ALIGNKG_DOCS = " + json.dumps(docs, ensure_ascii=False).replace("</", "<\\/") + ";\n", encoding="utf-8")
    (out / "index.html").write_text(_home(kg, by_type, pictures), encoding="utf-8")
    (out / "ontology.html").write_text(ontology_html(), encoding="utf-8")
    for name, fmt in DUMPS.items():
        (out / name).write_bytes(ent.serialise(kg.graph, fmt))
    if pictures:
        kg.draw("risk-technique", output=out / "risk-technique.html")
        kg.draw("coverage", output=out / "coverage.html")
    return len(docs)


def _home(kg: "KnowledgeGraph", by_type: dict[str, list[tuple[str, str]]], pictures: bool) -> str:
    e = pages.e
    groups = []
    for kind in sorted(by_type, key=lambda k: (-len(by_type[k]), k)):
        items = "".join(f'<li><a href="id/{e(slug)}.html">{e(label)}</a></li>'
                        for label, slug in sorted(by_type[kind], key=lambda pair: pair[0].casefold()))
        groups.append(f"<details><summary>{e(kind)} ({len(by_type[kind])})</summary><ul>{items}</ul></details>")
    shown = ('<li><a href="risk-technique.html">Risks and the techniques that address them</a> (interactive)</li>'
             '<li><a href="coverage.html">Coverage: risks × techniques by maturity</a></li>') if pictures else ""
    pictures = pages.section("pictures", "Pictures and data", f"""<ul>{shown}
<li><a href="ontology.html">The ontology</a> (classes and properties)</li>
<li>The whole graph: <a href="alignkg.ttl">Turtle</a> · <a href="alignkg.jsonld">JSON-LD</a> · <a href="alignkg.nt">N-Triples</a></li>
</ul>""")
    body = f"""<h1>The AI alignment knowledge graph</h1>
<p>Risks, the techniques that address them, the evidence and who works on what: {len(kg.graph):,} statements.
Every entity has a page; follow the links.</p>
<section class="panel" aria-labelledby="h-search"><h2 id="h-search">Search</h2>
<form class="line" id="search-form" role="search" aria-label="search the graph">
<label for="q" class="note">Words</label>
<input id="q" type="search" placeholder="e.g. deceptive alignment" autocomplete="off">
<button type="submit">Search</button></form>
<p class="note">This search runs in your browser and matches words (lexical, with prefix and fuzzy matching).
The served graph (<code>alignkg serve</code>) also searches by meaning.</p>
<div id="search-status" class="status" role="status" aria-live="polite"></div>
<ol id="hits" class="hits"></ol></section>
{pictures}
{pages.section("all", "Every entity, by type", "".join(groups))}"""
    root = pages.Paths(root="", suffix=".html", ontology="ontology.html", sparql=False, id_dir="id/")
    scripts = '<script src="search-docs.js"></script><script src="static/minisearch.js"></script><script src="static/sitesearch.js"></script>'
    return pages.layout("Home", body, root, scripts=scripts)


@click.command()
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The folder to write (new, empty, or an earlier site).")
@click.option("--similar/--no-similar", default=True, show_default=True,
              help="List similar entities on each page (uses the search index).")
@click.pass_context
def site(ctx: click.Context, output: Path, similar: bool) -> None:
    """Write the graph as a static website (works from file:// and on any static host)."""
    from alignkg.kg import load

    kg = load(ctx.obj.get("data"), layers=ctx.obj.get("layers"), store=ctx.obj.get("store"))
    report = build_site(kg, output, similar=similar)
    click.echo(f"wrote {output}: {report.pages} entity pages, {report.files} files in {report.seconds:.1f} s", err=True)
