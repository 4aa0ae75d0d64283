"""Guards on text we ship: no copied runs of a source, no control characters.

**Copied text.** Text is compared as lowercase words of letters and digits (``\\w`` runs), so
case, punctuation, markup and line breaks do not hide a copy. A *window* is a
run of ``size`` consecutive words; ``shared_windows`` counts the windows of a
text that also occur in the source. Ingest uses it to refuse writing copied
sentences; the test suite uses it to keep the article out of shipped files.

Example
-------
>>> source = "The quick brown fox jumps over the lazy dog, again and again."
>>> guard = SourceGuard(source, size=5)
>>> guard.count("Note: THE QUICK brown fox -- jumps over!")
2
>>> guard.count("A quick brown fox leaps over the lazy dog.")
0
>>> guard.runs("he said the quick brown fox jumps over the cat")
['the quick brown fox jumps over the']

**Control characters.** ``control_character`` finds the first C0 or C1 control
character (NUL, escape, …) that a text value may not hold; tab and newline are
allowed where ``allow`` says so.

>>> control_character("fine\\ttext")
>>> control_character("bad\\x00text")
(3, 'U+0000')
>>> control_character("line one\\nline two", allow="")
(8, 'U+000A')
"""

from __future__ import annotations

import re
from functools import cache
from collections.abc import Iterable, Iterator

WINDOW = 14
"""Words in a window: long enough that a shared run is a copied sentence, not a phrase or a name."""

_WORD = re.compile(r"[^\W_]+")
_CONTROLS = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)])


def words(text: str) -> list[str]:
    """The lowercase words of ``text``; punctuation, markup and whitespace are dropped.

    >>> words("Oversight drops to 52% at 400-Elo gaps!")
    ['oversight', 'drops', 'to', '52', 'at', '400', 'elo', 'gaps']
    """
    return _WORD.findall(text.casefold())


def windows(text: str, size: int = WINDOW) -> Iterator[tuple[str, ...]]:
    """Every run of ``size`` consecutive words of ``text``, overlapping, in order."""
    found = words(text)
    return (tuple(found[i:i + size]) for i in range(len(found) - size + 1))


class SourceGuard:
    """The word windows of one or more source texts, to check other texts against."""

    def __init__(self, sources: str | Iterable[str], size: int = WINDOW) -> None:
        texts = [sources] if isinstance(sources, str) else list(sources)
        self.size = size
        self._windows = {window for text in texts for window in windows(text, size)}

    def shared(self, text: str) -> list[tuple[str, ...]]:
        """The windows of ``text`` that occur in a source, in order (overlapping)."""
        return [window for window in windows(text, self.size) if window in self._windows]

    def count(self, text: str) -> int:
        """How many windows of ``text`` occur in a source: 0 means no run of ``size`` words was copied."""
        return len(self.shared(text))

    def runs(self, text: str) -> list[str]:
        """The copied passages of ``text``, overlapping windows merged, as normalised words."""
        found = words(text)
        hits = [i for i in range(len(found) - self.size + 1) if tuple(found[i:i + self.size]) in self._windows]
        spans: list[list[int]] = []
        for start in hits:
            if spans and start <= spans[-1][1]:
                spans[-1][1] = start + self.size
            else:
                spans.append([start, start + self.size])
        return [" ".join(found[a:b]) for a, b in spans]


def control_character(text: str, allow: str = "\t\n") -> tuple[int, str] | None:
    """The position and code point (``U+XXXX``) of the first control character of ``text`` not in ``allow``."""
    found = _control_pattern(allow).search(text)
    return (found.start(), f"U+{ord(found.group()):04X}") if found else None


@cache
def _control_pattern(allow: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(c for c in _CONTROLS if c not in allow)) + "]")

