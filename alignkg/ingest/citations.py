"""Find the publications an article cites, in the forms articles cite them.

Each finder returns :class:`Reference` objects (title as best it can be cut,
authors or organisation, year, venue, URL, source kind, the other names the text
uses for it, the rule and its confidence prior); ``proposals.py`` turns them into
publication proposals. Forms, by rule (confidence prior):

``citation-card`` (0.8)
    the source wiki's rendered citation card, ``anchor↗📄 paper★★★☆☆`` then site,
    title, ``Authors (Year)``, a description, glued tags and ``Source ↗``: the
    pieces are cut apart (the anchor is kept as another name).
``reference-list`` (0.8; 0.6 for a reading-list item), ``footnote`` (0.7)
    a reference-list line, "Title - Publisher (2024)", or a footnote: ``Authors (Year). Title. Venue``.
``paper-table`` (0.7)
    a row of a table with a title column (Paper, Title, Study…): authors and year
    from their columns, a URL from a link; a cell naming the study by its citation
    ("Khan et al. 2024") gives authors and year.
``source-column`` (0.5)
    a row whose Source/Citation/Venue column names a venue and year
    (``| … | RLTHF achieves … | EMNLP 2025 |``): the row's leading name plus the venue.
``resource-table`` (0.4)
    an item of a Links/Resources column: ``Title (Organisation)``.
``link`` (0.5–0.6)
    a Markdown link to an outside page: its text is a title or a citation phrase
    ("2024 study by Khan et al.", "research presented at NeurIPS 2024").
``author-year`` (0.6)
    "SIPRI (2025) argues", "Zou et al. (2023)", "(Khan et al., 2024)", "Khan et al. 2024".
``organisation-year`` (0.5)
    "SaferAI's 2025 assessment", "the AI Impacts 2024 survey".
``named-report`` (0.5)
    a report named with its edition: "Safety Index Winter 2025", "State of AI Report 2024".
``venue`` (0.5)
    "published at NDSS 2025", "accepted to IEEE SaTML 2026, "Quoted Title"".
``legislation`` (0.6)
    "Section 1535 of the … Act …", "P.L. 119-60".
``news-report`` (0.4)
    "first reported by Axios", "coverage from outlets including …".
``attributed-quote`` (0.3)
    an organisation quoted as a source: "the Congressional Research Service notes "…"".
``unresolved-footnote`` (0.3)
    a footnote marker (``[^8]``) whose note the text does not hold: the sentence's topic.

Example
-------
>>> [(r.label, r.authors, r.year, r.rule) for r in in_sentence("Multi-agent risk: SIPRI (2025) argues that agents fail.")]
[('SIPRI (2025)', 'SIPRI', '2025', 'author-year')]
>>> card = parse("NIST AI RMF↗🏛️ government★★★★★NISTNIST AI Risk Management Frameworkgovernancesafety+1Source ↗")
>>> card.title, card.venue, card.kind, card.stars, card.alt
('NIST AI Risk Management Framework', 'NIST', 'government', 5, ('NIST AI RMF',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Iterable, Iterator, Optional

from alignkg.ingest.mentions import normal, words

YEAR_RE = r"(?:19|20)\d{2}"
URL = re.compile(r"https?://[^\s)>\]]+")
#: Sites and publishers that cards and reference lines glue to a title ("arXivAI Alignment…").
KNOWN_SITES = ("arXiv", "OpenReview", "OpenAI", "Anthropic", "Google DeepMind", "DeepMind", "Transformer Circuits",
               "LessWrong", "Alignment Forum", "AI Alignment Forum", "EA Forum", "GitHub", "Wikipedia", "NIST",
               "RAND", "Stanford HAI", "Epoch AI", "Metaculus", "Nature", "Science", "Substack", "YouTube", "Medium",
               "Quanta Magazine", "MIT Technology Review", "Brookings", "CSET", "GovAI", "ACM", "IEEE", "Springer",
               "SSRN", "Semantic Scholar", "Our World in Data", "Future of Life Institute", "80,000 Hours", "Axios",
               "Reuters", "The Verge", "TechCrunch", "Financial Times", "The New York Times", "Congress.gov")
KINDS = {"paper": "paper", "web": "web", "government": "government", "report": "paper", "book": "paper",
         "dataset": "web", "video": "web"}
CARD = re.compile(r"↗\s*(?P<icon>📄|🔗|🏛️|🏛|📚|🎥|📊)?\s*(?P<kind>paper|web|government|book|video|report|dataset)?"
                  r"(?P<stars>[★☆]*)(?P<body>.*?)Source ↗")
#: "Name, Name & Name (2023)" / "Name et al. (2023)" inside a card, glued to the title before it.
CARD_AUTHORS = re.compile(r"(?:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]*)*)(?:, (?:& )?[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]*)*)*"
                          rf"(?: et al\.)?(?: \((?P<year>{YEAR_RE})\)| et al\.(?=[A-Z]))")
GLUED = re.compile(r"(?<=[a-z0-9)?.])(?=[A-Z][a-z])|(?<=[A-Z]{2})(?=[A-Z][a-z])|(?<=[a-z])(?=\d{4}\b)"
                   r"|(?<=[a-z])(?=[AI]\s[a-z])")
#: "+1" at a card's end: more tags than it shows.
MORE_TAGS = re.compile(r"\+\d+$")
REPORT_NOUNS = (r"survey|report|study|assessment|index|research|paper|analysis|review|evaluation|forecasts?|"
                r"ratings?|benchmark|edition|audit|census|guidance|white ?paper|working paper|scorecard|outlook")
_NAME = r"[A-Z][\w&.'’-]*(?:\s(?:of|for|on|and|&|the)?\s?[A-Z][\w&.'’-]*){0,4}"
_SURNAME = r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2}"
_AUTHORS = rf"{_SURNAME}(?:\set\sal\.?|\s(?:and|&)\s{_SURNAME})?"
NOT_AUTHORS = {"The", "A", "An", "In", "On", "As", "By", "Of", "For", "From", "Since", "Until", "Before", "After",
               "During", "Figure", "Table", "Section", "Chapter", "Winter", "Summer", "Spring", "Fall", "Autumn",
               "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
               "Dec", "Q1", "Q2", "Q3", "Q4", "FY", "Early", "Late", "Mid", "This", "These", "Its", "Our", "Their"}
AUTHOR_YEAR = re.compile(rf"(?<![\w-])(?P<authors>{_AUTHORS})(?:'s|’s)?\s\((?P<year>{YEAR_RE})[a-z]?\)(?!\s?:)")
PAREN_AUTHOR_YEAR = re.compile(rf"\((?P<authors>{_AUTHORS}),?\s(?P<year>{YEAR_RE})[a-z]?\)")
BARE_ET_AL = re.compile(rf"(?<![\w-])(?P<authors>{_SURNAME}\set\sal\.?),?\s\(?(?P<year>{YEAR_RE})\)?")
ORG_YEAR_WORK = re.compile(rf"(?<![\w-])(?P<org>{_NAME}?)(?:'s|’s)?\s(?P<year>{YEAR_RE})\s(?P<noun>{REPORT_NOUNS})\b")
NAMED_REPORT = re.compile(rf"(?<![\w-])(?P<name>(?:[A-Z][\w&'’-]*\s(?:(?:of|on|for|the)\s)?){{0,5}}"
                          rf"(?:Index|Report|Survey|Review|Outlook|Census|Scorecard|Tracker))"
                          rf"(?:\s(?:Spring|Summer|Autumn|Fall|Winter))?\s(?P<year>{YEAR_RE})\b")
VENUE = re.compile(rf"\b(?:published|presented|accepted|appeared|appearing)\s(?:at|in|to)\s(?P<venue>{_NAME}?)"
                   rf",?\s\(?(?P<year>{YEAR_RE})\)?")
QUOTED = re.compile(r"[\"“](?P<title>[A-Z][^\"”]{8,200}?)[\"”]")
SECTION_OF_ACT = re.compile(r"\bSection\s(?P<number>\d+[A-Za-z]?)\sof\sthe\s(?P<act>(?:[A-Z][\w-]*\s(?:(?:of|for|on|and|the)\s)*)+"
                            rf"(?:Act|Code|Regulation|Directive)(?:\s(?:of|for)\s(?:Fiscal\sYear\s)?{YEAR_RE})?)")
PUBLIC_LAW = re.compile(r"\b(?:P\.\s?L\.|Public\sLaw)\s(?P<number>\d{2,3}[-–]\d{1,3})")
NEWS = re.compile(r"\b(?:(?:first\s)?reported\sby\s|coverage\s(?:from|by|in)\s(?:outlets\s(?:including|such\sas)\s)?)"
                  r"(?P<outlet>[A-Z][\w.&'’-]*(?:\s(?:[A-Z][\w.&'’-]*|\d+))*)")
ATTRIBUTED = re.compile(r"\b(?:the\s)?(?P<org>(?:[A-Z][\w&'’-]+\s){1,5}(?:[A-Z][\w&'’-]+)|[A-Z]{3,})\s"
                        r"(?:notes|argues|finds|found|reports|reported|warns|states|writes|concludes|observes)\s[\"“]")
GENERIC_HEADINGS = {"references", "sources", "notes", "footnotes", "bibliography", "citations", "further reading",
                    "sources & resources", "see also", "overview", "summary", "introduction", "background",
                    "evidence", "discussion", "conclusion", "conclusions"}
#: A reading-list item "Title - Publisher (2024)".
LIST_REFERENCE = re.compile(rf"(?P<title>[A-Z].{{8,200}}?)\s[-–—]\s(?P<venue>[A-Z][^()]{{1,40}}?)\s\((?P<year>{YEAR_RE})\)")
FOOTNOTE_MARK = re.compile(r"\[\^(?P<label>\w+)\]")
DEFINED = re.compile(r"(?P<name>(?:[A-Z][\w'-]*\s){1,6}[A-Z][\w'-]*)\s\((?P<short>[A-Z][A-Za-z0-9-]{1,9})\)")
CAPITALISED_RUN = re.compile(r"(?<![\w-])(?:[A-Z][\w'-]*\s(?:(?:of|and|for|the|on|in|to)\s)?){1,6}[A-Z][\w'-]*")
#: A table cell that names a study by its citation: "Khan et al. 2024", "Kenton et al. (NeurIPS 2024)", "Anthropic 2023".
CITED_CELL = re.compile(rf"(?P<authors>{_AUTHORS})\s\(?(?:(?P<venue>[A-Z][\w-]*(?:\s[A-Z][\w-]*)*)\s)?(?P<year>{YEAR_RE})\)?")
#: Table headers that say which column holds what.
TITLE_HEADERS = ("paper", "papers", "publication", "publications", "title", "study", "studies", "report", "reports",
                 "update", "article", "book")
AUTHOR_HEADERS = ("author", "authors", "researchers", "by", "organization", "organisation", "lab")
YEAR_HEADERS = ("year", "date", "published")
SOURCE_HEADERS = ("source", "sources", "citation", "citations", "reference", "references", "venue", "journal",
                  "conference")
LINK_HEADERS = ("link", "links", "resource", "resources", "reading")
NAME_HEADERS = ("method", "methods", "approach", "technique", "model", "system", "study")


@dataclass(frozen=True)
class Reference:
    """A publication the text cites, with what the text says about it."""

    title: str
    authors: str = ""
    year: str = ""
    venue: str = ""
    url: str = ""
    kind: str = ""
    stars: int = 0
    alt: tuple[str, ...] = ()
    rule: str = ""
    confidence: float = 0.5
    note: str = ""

    @property
    def label(self) -> str:
        """The title, or "Authors (Year)" when the text gives no title."""
        if self.title:
            return self.title
        return f"{self.authors} ({self.year})" if self.year else self.authors


# ------------------------------------------------------------------ references the reader cut out

def parse(text: str, url: str = "", rule: str = "", sites: Iterable[str] = ()) -> Reference | None:
    """A reference the reader cut out (card, reference line, footnote, link text); None when it names nothing.

    ``sites`` are venue names learned from the same document (glued to reference-list titles).

    >>> parse("Irving, G., Christiano, P. & Amodei, D. (2018). AI safety via debate. arXiv.").title
    'AI safety via debate'
    >>> parse("2024 study by Khan et al.", "https://example.org/x", "link").label
    'Khan et al. (2024)'
    """
    text = " ".join(text.split())
    if CARD.search(text):
        return parse_card(text, url)
    if rule == "link":
        return _parse_link(text, url)
    return _parse_free(text, url, rule or "footnote", sites)


@lru_cache(maxsize=4096)
def parse_card(text: str, url: str = "") -> Reference | None:
    """The pieces of a rendered citation card: ``anchor↗`` icon, kind, stars, then site, title, authors, tags."""
    match = CARD.search(text)
    if not match:
        return None
    anchor = text[:match.start()].strip(" ,;:")
    anchor = "|" + anchor.lstrip("| ") if anchor.startswith("|") else anchor
    kind = KINDS.get(match["kind"] or "", "")
    stars = match["stars"].count("★")
    body = MORE_TAGS.sub("", match["body"].strip())
    site, rest = _cut_site(body, starred=bool(match["stars"]))
    title, authors, year = "", "", ""
    prefix = _anchor_prefix(anchor, rest)
    if prefix:
        title, rest = rest[:prefix], rest[prefix:]
    described = _description_start(rest)
    groups = [m for m in (CARD_AUTHORS.match(rest, b) for b in _boundaries(rest)) if m]
    found = groups[-1] if groups else None
    if found:
        # nothing before the authors: the card is titled by its citation ("Christiano (2018)")
        title = title or rest[:found.start()] or (found.group() if found["year"] else "")
        authors = re.sub(r"\s*\(\d{4}\)$", "", found.group()).strip()
        year = found["year"] or ""
    elif re.fullmatch(r"[a-z0-9+-]*", rest):  # nothing but tags
        title = title or ""
    elif not title:
        title = rest[:described] if described else _cut_tags(rest)
    title = title.strip(" .,:")
    if not title or title.lower() == site.lower() or not re.search(r"[A-Za-z]{2}", title):
        title = ""
    if not title:
        anchor_title = _short_anchor(anchor)
        cited = re.fullmatch(rf"(?P<authors>{_AUTHORS})\s\((?P<year>{YEAR_RE})\)", anchor_title)
        if cited and not authors:  # linked as "Anthropic (2022)": a citation, not a title
            authors, year = cited["authors"], cited["year"]
        elif len(anchor_title.split()) >= 2:
            title = anchor_title
    if not title and not (authors and year):
        return None
    if not year and re.fullmatch(rf"{_AUTHORS}\s\({YEAR_RE}\)", title):  # a card titled "Christiano (2018)"
        year = title[-5:-1]
    alt = tuple(a for a in [_short_anchor(anchor)] if a and a.lower() != title.lower())
    return Reference(title, authors, year, site, url, kind, stars, alt, "citation-card", 0.8)


def _boundaries(text: str) -> list[int]:
    return [0] + [m.start() for m in GLUED.finditer(text)]


def _cut_site(body: str, starred: bool) -> tuple[str, str]:
    """Split the site glued before a card's title: a known site, a repeated name, or the first case change."""
    if not starred:
        return "", body
    for site in sorted(KNOWN_SITES, key=len, reverse=True):
        if body.startswith(site) and len(body) > len(site) and body[len(site)] != " ":
            return site, body[len(site):]
    for n in range(2, min(40, len(body) // 2 + 1)):
        if body[n:].startswith(body[:n]) and (len(body) == 2 * n or not body[2 * n - 1].islower() or
                                                not body[2 * n].islower()):
            return body[:n], body[n:]
    first = GLUED.search(body)
    if first and first.start() <= 30:
        return body[:first.start()], body[first.start():]
    return "", body


def _anchor_prefix(anchor: str, rest: str) -> int:
    """Length of ``rest``'s start that repeats the end of the link text (the title, when it is linked as itself)."""
    words = anchor.lstrip("|").replace("“", '"').replace("”", '"').strip('" ').split()
    lowered = rest.lower()
    for start in range(max(0, len(words) - 15), len(words)):
        candidate = " ".join(words[start:]).strip('"')
        if len(candidate.split()) >= 2 and lowered.startswith(candidate.lower()):
            end = len(candidate)
            if end == len(rest) or rest[end].isalnum():  # the title runs into the next glued piece
                return end
    return 0


def _short_anchor(anchor: str) -> str:
    """The link text of a card: a table cell's (list) item, or prose cut after the last colon, dash or sentence end."""
    if anchor.startswith("|"):
        phrase = re.split(r"[,;]\s", anchor[1:])[-1].strip(" \"“”'")
        return phrase if re.search(r"[A-Za-z]", phrase) else ""
    phrase = re.split(r"[:;|,—–]\s|\.\s|\(|^[-*]\s", anchor)[-1].replace('"', "").replace("“", "").replace("”", "")
    phrase = re.sub(r"^(?:(?:the|a|an|his|her|their|its|in|on|and|see|from)\s+)+", "", phrase.strip(" '"), flags=re.I)
    if ORG_YEAR_WORK.fullmatch(phrase) or AUTHOR_YEAR.fullmatch(phrase) or re.fullmatch(r"[A-Z]\w*['’]s(?:\s[\w-]+){1,3}", phrase):
        return phrase  # "OpenAI's 2023 research", "Irving et al. (2018)", "Redwood's control work"
    name = re.search(r"(?:[A-Z0-9][\w'’.-]*\s(?:(?:of|for|on|and|in|the|to|via|&)\s)*)*[A-Z0-9][\w'’.-]*$", phrase)
    return name.group() if name and len(name.group().split()) >= 2 else ""


def _description_start(rest: str) -> int | None:
    """Where the description a card glues after its title begins, if it has one: a sentence of four
    words or more, from a glue point, ending with "..." or a full stop before the tags.

    >>> _description_start("Tooling for AuditsA short guide to the tools. It covers probes and...toolingevals")
    18
    """
    for start in _boundaries(rest)[1:]:
        after = rest[start:]
        if re.match(r"[A-Z][a-z]*(?: [\w'’,()-]+){3,}", after) and re.search(r"\.\.\.|\.(?=[a-z]|\s|$)", after):
            return start
    return None


def _cut_tags(title: str) -> str:
    """Drop the tags glued to the title's last word ("Scaling Policygovernancecapabilities" → "Scaling Policy")."""
    head, _, last = title.rpartition(" ")
    if not re.search(r"[a-z][a-z-]{6,}$", last) or "-" not in last and last.lower() in _words():
        return title
    acronym = re.match(r"[A-Z]{2,}s?(?=[a-z]{3})", last)
    keep = acronym.group() if acronym else last[:_first_word(last)]
    if len(keep) < len(last) and last[len(keep)].isupper():  # "FutureTech": an inner capital, not a tag
        return title
    return f"{head} {keep}".strip()


def _first_word(token: str) -> int:
    """Length of the English word that starts a glued token: the split whose two first words cover most of it.

    >>> _first_word("Frameworksoftware-engineering"), _first_word("Healthtimelineautomation")
    (9, 6)
    """
    words = _words()
    lowered = token.lower()

    def next_word(text: str) -> int:
        return max((n for n in range(3, min(len(text), 20) + 1) if text[:n] in words), default=0)

    scored = [(n + next_word(lowered[n:].lstrip("-")), words[lowered[:n]], n)
              for n in range(2, min(len(token), 24) + 1) if lowered[:n] in words]
    return max(scored)[2] if scored else len(token)


@lru_cache(maxsize=1)
def _words() -> dict[str, int]:
    """The 100,000 commonest English words with their counts (the unigram list that ``wordsegment`` ships)."""
    from importlib.resources import files

    counts: dict[str, int] = {}
    with files("wordsegment").joinpath("unigrams.txt").open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= 100_000:
                break
            word, _, count = line.partition("\t")
            counts[word] = int(count)
    return counts


def _parse_free(text: str, url: str, rule: str, sites: Iterable[str]) -> Reference | None:
    """A reference line or footnote: ``Authors (Year). Title. Venue`` or a bare title with a URL."""
    url = url or (URL.search(text).group().rstrip(".,") if URL.search(text) else "")
    body = URL.sub("", text).strip(" .")
    body = re.sub(r"^(?:paper|web|government|book|video|report|dataset):\s*", "", body)
    body = re.sub(r"^\[\^?\w{1,4}\]:?\s*", "", body)  # a note's own marker
    match = re.match(rf"(?P<authors>[A-Z][^()]{{1,200}}?)\s\((?P<year>{YEAR_RE})[a-z]?\)(?=[.,:]?\s)", body)
    if match and re.search(r"\b(?!and\b|et\b|al\b)[a-z]{3,}", match["authors"]):
        match = None  # words in lowercase: a sentence, not an author list
    match = match or re.search(rf"(?P<authors>(?:[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]*)*)(?:,\s?(?:&\s)?[A-Z][\w.'’-]+"
                      rf"(?:\s[A-Z][\w.'’-]*)*)*(?:,?\s(?:&|and)\s[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]*)*)?"
                      rf"(?:\set al\.?)?)\s?\((?P<year>{YEAR_RE})\)", body)
    authors = year = venue = ""
    title = body
    if match:
        authors, year = match["authors"].strip(" ,"), match["year"]
        after = body[match.end():].strip(" .:")
        before = body[:match.start()].strip(" .:—-")
        parts = [p.strip() for p in after.split(". ") if p.strip()]
        title = parts[0] if parts and len(parts[0].split()) >= 2 else before
        venue = parts[1].strip(" .") if len(parts) > 1 and len(parts[1].split()) <= 6 else ""
    else:
        found = re.search(rf"\b({YEAR_RE})\b", body)
        year = found.group(1) if found else ""
        title = re.split(r"\.\s", body)[0]
    for site in sorted({*sites, *KNOWN_SITES}, key=len, reverse=True):
        if title.endswith(site) and len(title) > len(site) + 5 and title[-len(site) - 1] != " ":
            title, venue = title[:-len(site)], venue or site
            break
    title = title.strip(" .\"“”")
    if len(title.split()) < 2 and not url:
        return None
    confidence = {"reference-list": 0.8, "footnote": 0.7}.get(rule, 0.6)
    if not authors and not year:
        confidence -= 0.2
    return Reference(title[:200], authors, year, venue, url, rule=rule, confidence=confidence)


def _parse_link(text: str, url: str) -> Reference | None:
    """A Markdown link's text: a title, or a citation phrase such as "2024 study by Khan et al."."""
    found = _inline(text, lead="")
    if found:
        return replace(found[0], url=url, rule="link", confidence=0.6)
    by = re.search(rf"\bby\s(?P<authors>{_AUTHORS})", text)
    year = re.search(rf"\b({YEAR_RE})\b", text)
    if by and year:
        return Reference("", by["authors"], year.group(1), url=url, rule="link", confidence=0.6)
    if re.fullmatch(r"(?:arXiv:\s?\d{4}\.\d{4,5}(?:v\d)?|doi:.*|[\w.-]+\.(?:com|org|gov|net|io)|PDF|Link|here|source)", text,
                    re.I) or len(text.split()) < 2:
        return None  # the link names its place, not the work: the row or sentence has to say what it is
    return Reference(text, year=year.group(1) if year else "", url=url, rule="link", confidence=0.5)


# ------------------------------------------------------------------ citations in running text

def in_sentence(sentence: str, lead: str = "") -> list[Reference]:
    """The citations a sentence makes in prose (author-year, organisation-year, venue, law, news, quotes).

    ``lead`` is a topic to name a titleless citation by (a heading, a "Topic:" lead-in).

    >>> [r.label for r in in_sentence("The AI Impacts 2024 survey of 2,778 researchers and SaferAI's 2025 assessment agree.")]
    ['AI Impacts 2024 survey', "SaferAI's 2025 assessment"]
    >>> [(r.label, r.venue, r.year) for r in in_sentence("Research published at NDSS 2025 found three attacks.", "Misalignment Attacks")]
    [('Misalignment Attacks (NDSS 2025)', 'NDSS', '2025')]
    """
    if sentence.startswith("Cited: "):
        return []  # the reader's rendering of a citation card, read from the card itself
    lead_in = re.match(r"^([A-Z][^:.!?]{2,60}):\s", sentence)
    if lead.lower() in GENERIC_HEADINGS:
        lead = ""
    topic = lead_in.group(1) if lead_in else lead
    item = LIST_REFERENCE.fullmatch(sentence.strip())
    if item:  # "Title - Publisher (2024)": the publisher is no author
        by = item["venue"].strip()
        people = bool(re.search(r"\bet al\b|[,&]", by))
        return [Reference(item["title"].strip(), by if people else "", item["year"], "" if people else by,
                          rule="reference-list", confidence=0.6)]
    return _inline(sentence, topic)


Found = Iterator[tuple[Optional[Reference], tuple[int, int]]]  # a citation (None: a span no later form may read)


def _inline(sentence: str, lead: str) -> list[Reference]:
    """Every form's citations in ``sentence``; where two forms read the same words, the earlier form wins."""
    found: list[Reference] = []
    taken: list[tuple[int, int]] = []
    for form in (_laws, _venues, _reports, _author_years, _news, _quotes):
        for reference, (start, end) in form(sentence, lead):
            if not any(a < end and start < b for a, b in taken):
                taken.append((start, end))
                found.extend([reference] if reference else [])
    return found


def _laws(sentence: str, lead: str) -> Found:
    """"Section 12 of the … Act of 2027" (with a "P.L. 119-60" that follows as another name), "P.L. 119-60"."""
    for match in SECTION_OF_ACT.finditer(sentence):
        law = PUBLIC_LAW.search(sentence, match.end(), match.end() + 80)
        yield (Reference(f"Section {match['number']} of the {match['act']}", year=_year_in(match["act"]),
                         kind="government", alt=(f"P.L. {law['number']}",) if law else (), rule="legislation",
                         confidence=0.6), (match.start(), law.end() if law else match.end()))
    for match in PUBLIC_LAW.finditer(sentence):
        yield Reference(f"P.L. {match['number']}", kind="government", rule="legislation", confidence=0.5), match.span()


def _venues(sentence: str, lead: str) -> Found:
    """"published at NDSS 2025": the quoted title that follows, else the topic and the venue."""
    for match in VENUE.finditer(sentence):
        venue = match["venue"].strip()
        if not venue or venue.split()[0] in NOT_AUTHORS:
            continue
        quoted = QUOTED.search(sentence, match.end())
        topic = lead or _topic(sentence)
        title = quoted["title"].rstrip(" .,") if quoted else f"{topic} ({venue} {match['year']})" if topic else ""
        reference = Reference(title, year=match["year"], venue=venue, kind="paper", rule="venue", confidence=0.5)
        # without a title the span is still a venue: "published at OpenReview (2024)" names no author
        yield (reference if title else None), (match.start(), quoted.end() if quoted else match.end())


def _reports(sentence: str, lead: str) -> Found:
    """"… Safety Index Winter 2025" and "SaferAI's 2025 assessment"."""
    for match in NAMED_REPORT.finditer(sentence):
        name = _strip_article(match.group().strip())
        if len(name.split()) >= 3:
            yield Reference(name, year=match["year"], rule="named-report", confidence=0.5), match.span()
    for match in ORG_YEAR_WORK.finditer(sentence):
        org = _strip_article(match["org"].strip())
        if org and org.split()[0] not in NOT_AUTHORS:
            title = sentence[match.start("org") + match["org"].find(org):match.end()]
            yield (Reference(title, re.sub(r"['’]s$", "", org), match["year"], rule="organisation-year",
                             confidence=0.5), match.span())


def _author_years(sentence: str, lead: str) -> Found:
    """"(Okafor & Lindqvist, 2023)", "SIPRI (2025)", "Zou et al. (2023)", "Voss et al. 2025"."""
    for pattern in (PAREN_AUTHOR_YEAR, AUTHOR_YEAR, BARE_ET_AL):
        for match in pattern.finditer(sentence):
            authors = _strip_article(match["authors"].strip())
            before = sentence[:match.start()].split()[-1:]
            if re.search(r"\d", authors) or before and re.search(r"\d", before[0]):
                continue  # "GPT-4 (2023)", "Nova 2 Large (2025)": a model and its year, not a citation
            if authors and authors.split()[0] not in NOT_AUTHORS and not (authors.isupper() and len(authors) > 12):
                yield Reference("", authors, match["year"], rule="author-year", confidence=0.6), match.span()


def _news(sentence: str, lead: str) -> Found:
    """"first reported by Axios", "coverage from outlets including …": the outlet and the topic."""
    for match in NEWS.finditer(sentence):
        outlet = match["outlet"].strip().rstrip(".")
        topic = _topic(sentence[:match.start()]) or lead
        noun, joint = ("report", "on") if "report" in match.group() else ("coverage", "of")
        title = f"{outlet} {noun} {joint} {topic}" if topic else f"{outlet} {noun}"
        yield (Reference(title, venue=outlet, year=_year_in(sentence[:match.end()]), kind="web", rule="news-report",
                         confidence=0.4), match.span())


def _quotes(sentence: str, lead: str) -> Found:
    """An organisation quoted as a source: "the Congressional Research Service notes "…"."""
    for match in ATTRIBUTED.finditer(sentence):
        org = match["org"].strip()
        if org.split()[0] not in NOT_AUTHORS:
            title = f"{org} report on {lead}" if lead else org
            yield Reference(title, org, _year_in(sentence), rule="attributed-quote", confidence=0.3), match.span()


def _year_in(text: str) -> str:
    found = re.search(rf"\b({YEAR_RE})\b", text)
    return found.group(1) if found else ""


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:The|A|An|In|On|At|By|For|From|With|And|See|Both)\s+", "", name)


def _topic(text: str) -> str:
    """The longest capitalised name in ``text`` (what a report is about)."""
    names = [_strip_article(m.group()) for m in CAPITALISED_RUN.finditer(text)]
    names = [n for n in names if len(n.split()) >= 2 and n.split()[0] not in NOT_AUTHORS]
    return max(names, key=len) if names else ""


def unresolved_footnotes(text: str, lead: str = "") -> list[Reference]:
    """Footnote markers left in the text without their notes: the source of each marked claim, named by its topic.

    >>> [(r.label, r.note) for r in unresolved_footnotes("It works. Gradient Shielding (GS) cut errors by half.[^4]")]
    [('Gradient Shielding (GS)', 'the source of footnote [^4], whose note the text does not hold')]
    """
    found, at = [], 0
    for mark in FOOTNOTE_MARK.finditer(text):
        claim = re.split(r"(?<=[.!?\]])\s+(?=[A-Z\"“])", text[at:mark.start()].strip())[-1]
        at = mark.end()
        found.extend(_footnote_source(claim, mark["label"], lead))
    return found


def _footnote_source(text: str, label: str, lead: str) -> list[Reference]:
    defined = DEFINED.search(text)
    lead_in = re.match(r"^([A-Z][^:.!?]{2,60}):\s", text)
    body = text[lead_in.end():] if lead_in else text
    topic = (f"{defined['name']} ({defined['short']})" if defined else
             next((n for n in (_strip_article(m.group()) for m in CAPITALISED_RUN.finditer(body, 1))
                   if len(n.split()) >= 2), "") or (lead_in.group(1) if lead_in else ""))
    if not topic or topic.lower() in GENERIC_HEADINGS:
        return []
    return [Reference(_strip_article(topic), rule="unresolved-footnote", confidence=0.3,
                      note=f"the source of footnote [^{label}], whose note the text does not hold")]


# ------------------------------------------------------------------ tables

def in_row(cells: Iterable[tuple[str, str]], links: Iterable[tuple[str, str]] = ()) -> list[Reference]:
    """The citations of one table row: a paper-table row, a venue in a Source column, items of a Links column.

    ``links`` are the row's (link text, URL) pairs.

    >>> [(r.label, r.venue, r.year) for r in in_row([("Metric", "Recall"), ("Method", "Tri-Lens (probes) wins"),
    ...                                            ("Source", "NeurIPS 2024")])]
    [('Tri-Lens (NeurIPS 2024)', 'NeurIPS', '2024')]
    >>> [(r.title, r.venue) for r in in_row([("Kind", "Policy"), ("Links", "Compute Caps Explained (RAND), GPU Census")])]
    [('Compute Caps Explained', 'RAND'), ('GPU Census', '')]
    """
    cells = [(h, c) for h, c in cells if c]
    links = list(links)
    url = links[0][1] if links else ""
    column = {h: header_kind(h) for h, _ in cells}
    found: list[Reference] = []
    title_cell = next((c for h, c in cells if column[h] == "title"), "")
    if title_cell and (len(title_cell.split()) >= 2 or links):
        year = next((m.group() for h, c in cells if column[h] in ("year", "title")
                     for m in [re.search(rf"\b{YEAR_RE}\b", c)] if m), "")
        year = year or next((m.group() for _, c in cells for m in [re.search(rf"\b{YEAR_RE}\b", c)] if m), "")
        authors = next((c for h, c in cells if column[h] == "authors"), "")
        venue = next((c for h, c in cells if column[h] == "source" and not URL.match(c)), "")
        if re.fullmatch(rf"(?:[A-Z][\w-]*\s){{1,4}}{YEAR_RE}", authors):  # "NDSS 2025" under Authors: a venue
            authors, venue = "", venue or authors
        if re.fullmatch(r"(?:multiple|various|several|many)\s+authors|various|n/?a|—|-", authors, re.I):
            authors = ""  # names nobody
        linked = next((u for t, u in links if t and t in title_cell), url)
        cited = CITED_CELL.fullmatch(title_cell)
        if cited:  # the study is named by its citation: "Khan et al. 2024", "Kenton et al. (NeurIPS 2024)"
            title_cell, authors, year = "", authors or cited["authors"], cited["year"]
            venue = cited["venue"] or venue
        found.append(Reference(title_cell, authors, year, _venue_only(venue), linked, rule="paper-table",
                               confidence=0.7))
        return found
    for header, cell in cells:
        if column[header] == "source":
            venue = re.fullmatch(rf"(?P<venue>(?:[A-Z][\w-]*\s){{1,4}})(?P<year>{YEAR_RE})", cell)
            if venue:
                name = _row_name(cells, column)
                label = f"{name} ({cell.strip('()')})" if name else cell
                found.append(Reference(label, year=venue["year"], venue=venue["venue"].strip(), url=url,
                                       kind="paper", rule="source-column", confidence=0.5))
        elif column[header] == "links":
            for item in _items(cell):
                named = re.fullmatch(r"(?P<title>.+?)\s\((?P<org>[^()]+)\)", item)
                title, org = (named["title"], named["org"]) if named else (item, "")
                if len(title.split()) >= 2 and not re.fullmatch(rf"\w+ {YEAR_RE}", org):
                    item_url = next((u for t, u in links if t and t in item), "")
                    found.append(Reference(title.strip(), venue=org.strip(), url=item_url, rule="resource-table",
                                           confidence=0.4))
    return found


def header_kind(header: str) -> str:
    """What a column holds for citations: ``title``, ``authors``, ``year``, ``source``, ``links``, ``name`` or ``""``.

    >>> header_kind("Key Papers"), header_kind("Resource Type"), header_kind("Evidence Source")
    ('title', '', 'source')
    """
    words = set(re.findall(r"[a-z]+", header.lower()))
    if words & {"type", "types", "category", "kind"}:
        return ""  # "Resource Type": what kind of thing the row is, not the thing
    for kind, names in (("title", TITLE_HEADERS), ("authors", AUTHOR_HEADERS), ("year", YEAR_HEADERS),
                        ("source", SOURCE_HEADERS), ("links", LINK_HEADERS), ("name", NAME_HEADERS)):
        if words & set(names):
            return kind
    return ""


def _venue_only(cell: str) -> str:
    """A venue cell without its year or paper id: "NDSS 2025" → "NDSS", "arXiv:2501.04321" → "arXiv"."""
    cell = re.sub(r":\s?[\w./-]*\d[\w./-]*$", "", cell)
    return re.sub(rf"\s?\(?{YEAR_RE}\)?$", "", cell).strip() if len(cell.split()) <= 5 else ""


def _row_name(cells: list[tuple[str, str]], column: dict[str, str]) -> str:
    """The leading name of the row's method column (or first cell): its words with a capital or a digit."""
    cell = next((c for h, c in cells if column[h] == "name"), cells[0][1] if cells else "")
    words = []
    for word in re.split(r"\s+", re.sub(r"\s*\(.*?\)", "", cell)):
        if not re.search(r"[A-Z0-9]", word) or len(words) >= 5:
            break
        words.append(word.strip(",;:"))
    return " ".join(words)


def _items(cell: str) -> list[str]:
    """A list cell's items, split at commas and semicolons outside parentheses."""
    items, depth, current = [], 0, ""
    for char in cell:
        depth += char == "("
        depth -= char == ")"
        if char in ",;" and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    return [i for i in items if i]


# ------------------------------------------------------------------ one proposal per work

def in_document(passages: list[dict[str, Any]]) -> list[tuple[Reference, list[int]]]:
    """Every work a document's passages cite, once, with the positions of the passages that cite it.

    A passage's own citations (cards, reference lines, footnotes, links) come first; a row is read as
    a table row (its title, author, year and source cells are not read again as prose); a citation in
    prose that only repeats a card's link text or a line already read is dropped; the rest merge by
    URL or title (:func:`merge`).
    """
    cards = [parse(text, url, rule) for passage in passages for text, url, rule in passage["citations"]
             if rule == "citation-card"]
    sites = {card.venue for card in cards if card and card.venue}
    found: list[tuple[Reference, int]] = []
    for passage in passages:
        made = [r for r in (parse(text, url, rule, sites) for text, url, rule in passage["citations"]) if r]
        lead = passage["heading"][-1] if passage["heading"] else ""
        texts, row = passage["sentences"], []
        if passage["kind"] == "row":
            row = in_row(passage["cells"], [(text, url) for text, url, rule in passage["citations"] if rule == "link"])
            if row:  # the row says what a linked venue or id ("arXiv:…") stands for
                made = [r for r in made if r.rule != "link"]
            read = ("title", "authors", "year", "source") if any(r.rule == "paper-table" for r in row) else ()
            texts = [cell for header, cell in passage["cells"] if header_kind(header) not in read]
        named = {n.lower() for r in made for n in (r.label, *r.alt)}
        titles = {r.title.lower() for r in made if r.title}
        made.extend(r for r in row if r.rule == "paper-table")
        for reference in [*(r for r in row if r.rule != "paper-table"),
                          *(r for text in texts for r in in_sentence(text, lead)),
                          *unresolved_footnotes(passage["text"], lead)]:
            label = reference.label.lower()
            if label in titles or not any(label in name or len(name.split()) >= 3 and name in label for name in named):
                made.append(reference)
        found.extend((reference, passage["position"]) for reference in made)
    return _one_per_work(found)


def _one_per_work(found: list[tuple[Reference, int]]) -> list[tuple[Reference, list[int]]]:
    """Citations of one work merged: same URL or title (fields filled), then :func:`merge`."""
    merged: dict[str, tuple[Reference, list[int]]] = {}
    for reference, position in found:
        key = reference.url or _key(reference.label)
        if key in merged:
            kept, positions = merged[key]
            merged[key] = (_fill(kept, reference), positions + [position])
        else:
            merged[key] = (reference, [position])
    out = []
    for reference in merge([r for r, _ in merged.values()]):
        names = {reference.label, *reference.alt}
        positions = sorted({p for r, ps in merged.values() if r.label in names for p in ps})
        out.append((reference, positions))
    return out


def _key(label: str) -> str:
    return " ".join(normal(w) for w, _, _ in words(label))


def _fill(kept: Reference, other: Reference) -> Reference:
    """The stronger reading of a work with the fields it lacks taken from the other.

    >>> _fill(Reference("Debate Helps", rule="card", confidence=0.8), Reference("Debate Helps", year="2024")).year
    '2024'
    >>> _fill(Reference("", "Khan et al.", "2024", confidence=0.8), Reference("Debate Helps", url="u")).label
    'Debate Helps'
    """
    if other.confidence > kept.confidence:
        kept, other = other, kept
    fields = {name: getattr(kept, name) or getattr(other, name) for name in ("authors", "year", "venue", "url", "kind")}
    if not kept.title and other.rule != "link":  # a title from a card, table or reference beats "Authors (Year)";
        fields["title"] = other.title            # a link's text ("stronger sycophancy") stays another name
    label = replace(kept, **fields).label
    alt = tuple(dict.fromkeys(a for a in (*kept.alt, *other.alt, kept.label, other.label) if a.lower() != label.lower()))
    return replace(kept, **fields, alt=alt, stars=kept.stars or other.stars)


def merge(references: list[Reference]) -> list[Reference]:
    """Fold a titleless author-year citation into the titled reference by the same first author and year.

    >>> merged = merge([Reference("Debate Helps", "Khan, Hughes", "2024"), Reference("", "Khan et al.", "2024")])
    >>> [(r.title, r.alt) for r in merged]
    [('Debate Helps', ('Khan et al. (2024)',))]
    """
    titled = [r for r in references if r.title]
    out = list(titled)
    for reference in references:
        if reference.title:
            continue
        name = surname(reference.authors)
        same = next((i for i, r in enumerate(out) if r.year == reference.year and name and
                     (surname(r.authors) == name or name in surnames(r.authors))), None)
        if same is None:
            out.append(reference)
        elif reference.label.lower() not in {n.lower() for n in (out[same].label, *out[same].alt)}:
            out[same] = replace(out[same], alt=(*out[same].alt, reference.label))
    return out


def surnames(authors: str) -> set[str]:
    """Every author's surname, lowercase: ``surnames("Ji, Qiu, Chen et al.") == {'ji', 'qiu', 'chen'}``."""
    return {p.split()[-1].lower() for p in re.split(r",|&|\band\b|\bet al\.?", authors) if p.split()}


def surname(authors: str) -> str:
    """The first author's surname (or organisation), lowercase: ``surname("Ji, Qiu et al.") == 'ji'``."""
    first = re.split(r",|&|\band\b|\bet al\b", authors)[0].strip()
    return first.split()[-1].lower() if first.split() else ""
