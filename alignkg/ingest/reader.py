"""Read one article (Markdown, MDX, plain text or HTML) into headed blocks of plain text.

Every format goes through one Markdown parser (markdown-it-py with the
front-matter, footnote and table plugins):

* ``.md`` is parsed as it is;
* ``.mdx`` (the source wiki's pages) first loses its ``import``/``export``
  lines and its JSX components: ``<EntityLink id="…">Name</EntityLink>`` and
  ``<EntityLink id="…" name="…" />`` keep their name (recorded as an explicit
  entity link), ``<R id="…">text</R>`` keeps its text, any other component
  (``<Mermaid chart={…} />``, ``<References … />``) is dropped;
* ``.txt`` (the wiki's rendered plain text: one paragraph per line, headings
  as short unpunctuated lines, tables as ``|`` rows) is turned into Markdown
  line by line, and the wiki's rendered citation cards (``link↗📄 paper★★★☆☆…Source ↗``)
  are cut out of the prose and kept as citations;
* ``.html`` is reduced to its main text by trafilatura (as Markdown, tables kept).

A block is a paragraph, a list item, a table row (with the column headers) or a
footnote, with the heading path above it. Bad input raises ``IngestError``
naming the file.

Example
-------
>>> doc = read_text("notes.md", "# Risks\\n\\n| Risk | Technique |\\n|---|---|\\n| Scheming | AI control |\\n")
>>> [(b.kind, b.heading, b.cells) for b in doc.blocks]
[('row', ('Risks',), (('Risk', 'Scheming'), ('Technique', 'AI control')))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from alignkg.errors import AlignKGError
from alignkg.ingest.citations import CARD

SUFFIXES = (".md", ".mdx", ".txt", ".html", ".htm")
MAX_BYTES = 5_000_000  # a wiki article is ~50 kB; a file 100x that is not an article


class IngestError(AlignKGError):
    """A file cannot be ingested (binary, not UTF-8, empty, too large, unsupported, broken front matter)."""

    exit_code = 2

    def __init__(self, file: str, message: str) -> None:
        self.file = file
        super().__init__(f"{file}: {message}")


@dataclass(frozen=True)
class Citation:
    """A reference the text makes, read by :mod:`alignkg.ingest.citations`. ``rule`` says what ``text`` is:
    ``footnote`` (the note), ``reference-list`` ("Authors (Year). Title"), ``link`` (a link's text, ``url``
    its target) or ``citation-card`` (the card as rendered, after the link text it hangs on)."""

    text: str
    url: str = ""
    rule: str = "footnote"


@dataclass
class Block:
    """One unit of text under a heading path: ``kind`` is ``text``, ``item``, ``row`` or ``footnote``."""

    kind: str
    text: str
    heading: tuple[str, ...]
    line: int = 0
    cells: tuple[tuple[str, str], ...] = ()  # (column header, cell text) for table rows
    entity_links: tuple[str, ...] = ()  # names the markup marks as entities (MDX EntityLink)
    urls: tuple[str, ...] = ()  # links in the block
    citations: tuple[Citation, ...] = ()


@dataclass
class Article:
    """A parsed file: its title, front matter, blocks and the problems worth a warning."""

    path: str
    title: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_file(path: Path) -> Article:
    """Read and parse one file; raises ``IngestError`` naming it if it cannot be ingested."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(name, f"unsupported file type '{suffix or '(none)'}' (ingest reads {', '.join(SUFFIXES)})")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(name, "empty file")
    if size > MAX_BYTES:
        raise IngestError(name, f"too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)")
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        raise IngestError(name, "binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IngestError(name, f"not UTF-8 text (bad byte at line {line})") from None
    if not text.strip():
        raise IngestError(name, "empty file (only white space)")
    return read_text(name, text)


def read_text(name: str, text: str) -> Article:
    """Parse ``text`` as the format its file ``name`` says (by suffix)."""
    suffix = Path(name).suffix.lower()
    citations: dict[int, list[Citation]] = {}
    if suffix == ".html" or suffix == ".htm":
        text = _html_to_markdown(name, text)
    elif suffix == ".txt":
        text, citations = _plain_to_markdown(text)
    links: dict[int, list[str]] = {}
    if suffix == ".mdx":
        text, links = _strip_mdx(text)
    return _parse_markdown(name, text, links, citations, html=suffix == ".mdx")


# ------------------------------------------------------------------ formats to Markdown

def _html_to_markdown(name: str, text: str) -> str:
    import trafilatura

    markdown = trafilatura.extract(text, output_format="markdown", include_tables=True, include_links=True,
                                   favor_recall=True)
    if not markdown or not markdown.strip():
        raise IngestError(name, "no main text found in the HTML")
    metadata = trafilatura.extract_metadata(text)
    title = metadata.title if metadata is not None and metadata.title else ""
    front = yaml.safe_dump({"title": title}, allow_unicode=True) if title else ""
    return f"---\n{front}---\n{markdown}" if front else markdown


HEADING_MAX_WORDS = 12
REFERENCE_LINE = re.compile(r"^\d+(?P<title>.+?)·(?P<authors>[^·]+)·(?P<year>\d{4})·\w+▸\s*$")


def _plain_to_markdown(text: str) -> tuple[str, dict[int, list[Citation]]]:
    """The wiki's rendered plain text as Markdown: one paragraph per line, short unpunctuated lines as headings.

    Returns the Markdown and the citations cut out of each output line (by 1-based line number).
    """
    out: list[str] = []
    citations: dict[int, list[Citation]] = {}
    cards: list[str] = []
    last_heading = ""
    lines = [line.rstrip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        found = [Citation(card, rule="citation-card") for card in _cards(stripped)]
        stripped = CARD.sub("", stripped)
        reference = REFERENCE_LINE.match(stripped)
        if reference:
            found.append(Citation(f"{reference['authors'].strip()} ({reference['year']}). {reference['title'].strip()}",
                                  rule="reference-list"))
            stripped = f"{reference['title'].strip()} — {reference['authors'].strip()} ({reference['year']})"
        if reference:
            if out and out[-1] and not out[-1].startswith("- "):
                out.append("")
            out.append(f"- {_escape(stripped)}")
            position = len(out)
        elif stripped.startswith("|"):
            previous = lines[index - 1].strip() if index else ""
            if not previous.startswith("|") and out and out[-1]:
                out.append("")
            out.append(stripped)
            position = len(out)
        else:
            if out and out[-1]:
                out.append("")
            following = next((l.strip() for l in lines[index + 1:] if l.strip()), "")
            if _looks_like_heading(stripped, following):
                if stripped == last_heading:  # the rendered page repeats its title
                    continue
                level = "##" if last_heading else "#"
                out.append(f"{level} {_escape(stripped)}")
                last_heading = stripped
            elif stripped.startswith(("- ", "* ")):
                out.append(f"- {_escape(stripped[2:])}")
            else:
                out.append(_escape(stripped))
            position = len(out)
        if found:
            citations.setdefault(position, []).extend(found)
        # what a card says (title, authors) stays readable and searchable, after the table it sits in
        cards.extend(_escape(f"Cited: {_card_text(c.text)}") for c in found if c.rule == "citation-card")
        following_line = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if cards and not (stripped.startswith("|") and following_line.startswith("|")):
            for card in cards:
                out.extend(["", card])
            cards = []
    return "\n".join(out) + "\n", citations


def _cards(line: str) -> list[str]:
    """The citation cards of a line, each with its link text (from the cell or the previous card on)."""
    cards, at = [], 0
    for match in CARD.finditer(line):
        anchor = line[at:match.start()]
        anchor = f"| {anchor.rsplit('|', 1)[-1].strip()}" if "|" in anchor else anchor.strip()  # a cell's link text
        cards.append(f"{anchor}{match.group()}")
        at = match.end()
    return cards


def _card_text(card: str) -> str:
    """What a card shows, as the page renders it: ``kind: body`` (its pieces stay glued; see citations.py)."""
    match = CARD.search(card)
    kind, body = match["kind"] or "", match["body"].lstrip("★☆").strip()
    return f"{kind}: {body}" if kind else body


def _looks_like_heading(line: str, following: str) -> bool:
    """A short line, capitalised, without closing punctuation, followed by more text."""
    words = line.split()
    if not following or not words or len(words) > HEADING_MAX_WORDS:
        return False
    if line.startswith(("|", "- ", "* ", "“", '"')) or line[-1] in ".!?:;,…\"”":
        return False
    return line[0].isupper() or line[0].isdigit()


def _escape(line: str) -> str:
    """Keep plain text literal in Markdown: no headings, quotes, HTML or emphasis from stray characters."""
    line = re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", line)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", line)


COMPONENT_OPEN = re.compile(r"<([A-Z][A-Za-z0-9]*)\b")
COMPONENT_CLOSE = re.compile(r"</[A-Z][A-Za-z0-9]*>")
ATTRIBUTE = re.compile(r'(\w+)=(?:"([^"]*)"|\'([^\']*)\')')


def _strip_mdx(text: str) -> tuple[str, dict[int, list[str]]]:
    """Drop MDX imports/exports and components, keeping what they say; returns entity-link names by line."""
    front, body = _split_front_matter(text)
    offset = front.count("\n")
    lines = body.split("\n")
    body = "\n".join("" if re.match(r"^(import|export)\s", line) else line for line in lines)
    out: list[str] = []
    links: dict[int, list[str]] = {}
    i = 0
    while i < len(body):
        match = COMPONENT_OPEN.search(body, i)
        if not match:
            out.append(body[i:])
            break
        out.append(body[i:match.start()])
        end, self_closing, attributes = _tag_end(body, match.end())
        name = match.group(1)
        line = offset + "".join(out).count("\n") + 1
        inner = ""
        if self_closing:
            i = end
        elif name in ("EntityLink", "R") or name in SILENT_COMPONENTS:
            close = body.find(f"</{name}>", end)
            inner = body[end:close] if close >= 0 else ""
            i = close + len(name) + 3 if close >= 0 else end
        else:
            i = end  # a container (<Callout>, <Section>): its content is the page's own; its closing tag goes below
        if name == "EntityLink":
            shown = inner.strip() or attributes.get("name") or attributes.get("id", "")
            shown = shown.replace("-", " ") if not inner.strip() else shown
            if shown:
                links.setdefault(line, []).append(shown)
                if attributes.get("id") and not attributes["id"].startswith("E"):
                    links[line].append(f"id:{attributes['id']}")  # the wiki's slug, often ours too
            out.append(shown)
        elif name == "R":
            out.append(inner)
        elif name not in SILENT_COMPONENTS:  # data props ("KeyPeople people={[{name: …, role: …}]}") become list items
            items = _said(body[match.end():end])
            out.append("".join(f"\n\n- {item.rstrip('.')}." if item[-1] not in "?!" else f"\n\n- {item}"
                               for item in items) + ("\n\n" if items else ""))
    return front + COMPONENT_CLOSE.sub("", "".join(out)), links


#: Components whose props hold markup or ids, never prose: a diagram, a list of reference ids.
SILENT_COMPONENTS = frozenset({"Mermaid", "References", "DataExternalLinks", "DataInfoBox"})
_TEMPLATE = re.compile(r"`[^`]*`", re.S)
_OBJECT = re.compile(r"\{([^{}]*)\}")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'')


def _said(props: str) -> list[str]:
    """What a component's JSX props say: each object literal's strings as one item ("name: role; …"), and
    the bare strings of an array; ids and slugs (one word without a capital) and template literals are left out.

    >>> _said(''' people={[{ name: "Ada Quill", role: "Co-founder" }, { name: "Bo Reyes", role: "Lead" }]} ''')
    ['Ada Quill: Co-founder', 'Bo Reyes: Lead']
    >>> _said(''' questions={["Can scheming be detected?", "ab12cd"]} chart={`A["x y"]`} id="E1" ''')
    ['Can scheming be detected?']
    """
    items = []
    for content in _expressions(_TEMPLATE.sub("", props)):
        for obj in _OBJECT.findall(content):
            strings = _strings(obj)
            if strings:
                items.append(strings[0] + (": " + "; ".join(strings[1:]) if strings[1:] else ""))
        items += _strings(_OBJECT.sub("", content))
    return items


def _expressions(props: str) -> list[str]:
    """The contents of a tag's ``name={…}`` props (braces balanced)."""
    found = []
    for match in re.finditer(r"\w+=\{", props):
        depth, i = 1, match.end()
        while i < len(props) and depth:
            depth += {"{": 1, "}": -1}.get(props[i], 0)
            i += 1
        found.append(props[match.end():i - 1])
    return found


def _strings(code: str) -> list[str]:
    """The string literals of a piece of JSX that read as words: several words, or one with a capital."""
    texts = [(a or b).strip() for a, b in _STRING.findall(code)]
    return [t for t in texts if len(t.split()) >= 2 or re.fullmatch(r"[A-Z][\w.&'-]*", t)]


def _tag_end(text: str, position: int) -> tuple[int, bool, dict[str, str]]:
    """From inside ``<Name``: the index after its ``>``, whether it self-closes, and its string attributes.

    Braces (JSX expressions such as ``chart={`…`}``) are skipped as a whole, nesting included.
    """
    depth, start = 0, position
    while position < len(text):
        char = text[position]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char == ">":
            head = text[start:position]
            attributes = {m[1]: m[2] or m[3] or "" for m in ATTRIBUTE.finditer(head)}
            return position + 1, head.rstrip().endswith("/"), attributes
        position += 1
    return len(text), True, {}


def _split_front_matter(text: str) -> tuple[str, str]:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end >= 0:
            close = text.find("\n", end + 4)
            close = len(text) if close < 0 else close + 1
            return text[:close], text[close:]
    return "", text


# ------------------------------------------------------------------ Markdown to blocks

def _markdown(html: bool) -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark", {"html": html}).enable("table").use(front_matter_plugin).use(footnote_plugin)


def _parse_markdown(name: str, text: str, links: dict[int, list[str]], citations: dict[int, list[Citation]],
                    html: bool) -> Article:
    tokens = _markdown(html).parse(text)
    article = Article(name, "")
    lines = text.split("\n")
    headings: list[tuple[int, str]] = []
    table: list[str] = []
    row: list[str] = []
    row_urls: list[str] = []
    row_links: list[Citation] = []
    row_line = 0
    in_footnote = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "front_matter":
            article.front_matter = _front_matter(name, token.content)
        elif kind == "heading_open":
            level = int(token.tag[1])
            words, _, _ = _inline(tokens[index + 1])
            headings = [h for h in headings if h[0] < level] + [(level, words)]
            if not article.title and level == 1:
                article.title = words
            index += 2
        elif kind == "table_open":
            table, row = [], []
        elif kind == "tr_open":
            row, row_urls, row_links, row_line = [], [], [], token.map[0] + 1 if token.map else 0
        elif kind in ("th_open", "td_open"):
            words, urls, linked = _inline(tokens[index + 1])
            row.append(words)
            row_urls.extend(urls)
            row_links.extend(_links(urls, linked))
            index += 2
        elif kind == "tr_close":
            if not table:
                table = row
                _check_row(article, lines, row_line, len(row), len(row), header=True)
            else:
                _check_row(article, lines, row_line, len(row), len(table))
                cells = tuple((h, c) for h, c in zip(table, row) if c)
                if cells:
                    text_of_row = "; ".join(f"{h}: {c}" if h else c for h, c in cells)
                    article.blocks.append(Block("row", text_of_row, _path(headings), row_line, cells,
                                                _names(links, row_line), tuple(row_urls),
                                                (*citations.get(row_line, ()), *row_links)))
        elif kind == "footnote_open":
            in_footnote = True
        elif kind == "footnote_close":
            in_footnote = False
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
            words, urls, linked = _inline(token)
            line = token.map[0] + 1 if token.map else 0
            if words:
                in_item = any(t.type == "list_item_open" for t in tokens[max(0, index - 2):index])
                found = list(citations.get(line, ()))
                if not in_footnote:
                    found.extend(_links(urls, linked))
                block_kind = "footnote" if in_footnote else "item" if in_item else "text"
                if in_footnote:
                    bare = re.search(r"https?://\S+", words)
                    url = urls[0] if urls else bare.group().rstrip(".,)") if bare else ""
                    found.append(Citation(words, url, rule="footnote"))
                article.blocks.append(Block(block_kind, words, _path(headings), line, (),
                                            _names(links, line, token.map), tuple(urls), tuple(found)))
        index += 1
    if not article.title:
        article.title = str(article.front_matter.get("title") or Path(name).stem.replace("-", " ").replace("_", " "))
    elif isinstance(article.front_matter.get("title"), str):
        article.title = article.front_matter["title"]
    return article


def _front_matter(name: str, content: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise IngestError(name, f"broken front matter{where}: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise IngestError(name, "broken front matter: it must be a YAML mapping (key: value lines)")
    return data


def _check_row(article: Article, lines: list[str], line: int, parsed: int, expected: int, header: bool = False) -> None:
    """Warn (once per table row) when a source row has more or fewer cells than the header."""
    if not line or line > len(lines):
        return
    source = lines[line - 1].strip()
    cells = len(re.split(r"(?<!\\)\|", source.strip("|"))) if source else parsed
    if not header and cells != expected:
        article.warnings.append(f"{article.path}: line {line}: ragged table row ({cells} cell(s) under "
                                f"{expected} header(s)); missing cells are left empty, extra ones dropped")


def _inline(token: Any) -> tuple[str, list[str], list[str]]:
    """The plain text of an inline token (markup stripped), its link URLs, and its linked texts."""
    parts: list[str] = []
    urls: list[str] = []
    linked: list[str] = []
    current_link: list[str] | None = None
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
            if current_link is not None:
                current_link.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "link_open":
            urls.append(str(child.attrs.get("href", "")))
            current_link = []
        elif child.type == "link_close":
            linked.append("".join(current_link or []))
            current_link = None
    return " ".join("".join(parts).split()), urls, linked


def _links(urls: list[str], texts: list[str]) -> list[Citation]:
    """Links to outside pages, as citations of their text (a link into the site itself is no citation)."""
    return [Citation(" ".join(text.split()), url, rule="link") for url, text in zip(urls, texts)
            if url.startswith(("http://", "https://")) and text.strip() and text.strip() != url]


def _path(headings: list[tuple[int, str]]) -> tuple[str, ...]:
    return tuple(text for _, text in headings)


def _names(links: dict[int, list[str]], line: int, span: list[int] | None = None) -> tuple[str, ...]:
    last = span[1] if span else line
    return tuple(name for number in range(line, last + 1) for name in links.get(number, ()))
