"""Print, per shipped file, how many 14-word windows it shares with the source articles.

Usage (from the repository root): ``.venv/bin/python scripts/copied_text.py [SOURCE_DIR] [FILE...]``.
SOURCE_DIR defaults to ``../shared/seed`` (every ``*.txt`` there is a source); FILE defaults to
every file ``git ls-files`` lists. Exits 1 if any file shares a window, so it can gate a commit.
tests/test_shipping.py asserts the same over the repository.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alignkg.textguard import WINDOW, SourceGuard

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    seed = Path(argv[0]) if argv else ROOT.parent / "shared" / "seed"
    sources = sorted(seed.glob("*.txt"))
    if not sources:
        print(f"no *.txt sources in {seed}", file=sys.stderr)
        return 2
    names = argv[1:] or subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                                       check=True).stdout.splitlines()
    guard = SourceGuard(path.read_text(encoding="utf-8") for path in sources)
    total = 0
    for name in names:
        path = Path(name) if Path(name).is_absolute() else ROOT / name
        try:
            shared = guard.count(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
            continue  # not text: nothing to copy
        if shared:
            print(f"{shared:6d}  {name}")
            total += shared
    print(f"{total:6d}  total {WINDOW}-word windows shared with {len(sources)} source(s) in {seed}")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
