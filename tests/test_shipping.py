"""What we ship: no sentence copied from the source article, and a wheel that holds every data file."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from alignkg.textguard import WINDOW, SourceGuard

ROOT = Path(__file__).resolve().parents[1]

SEED = ROOT.parent / "shared" / "seed"

DATA_FOLDERS = {"graph/": "alignkg/graph/", "ontology/": "alignkg/ontology/", "alignkg/": "alignkg/"}


def tracked_files() -> list[str]:
    """Every file ``git ls-files`` lists in the repository."""
    done = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [name for name in done.stdout.split("\0") if name]


def test_no_shipped_file_copies_a_run_of_the_source_article() -> None:
    """Numbers, names and short table terms may be shared; no run of 14 words may be (case,
    punctuation and line breaks ignored). Tests that need the article's wording read it at run time."""
    if not SEED.parent.is_dir():  # where shared/ exists (CI, the team's machines) a missing seed fails below
        pytest.skip(f"no source articles beside the repository ({SEED.parent} is absent)")
    sources = sorted(SEED.glob("*.txt"))
    assert sources, f"{SEED} holds no *.txt article"
    guard = SourceGuard(path.read_text(encoding="utf-8") for path in sources)
    copied = {}
    for name in tracked_files():
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and other binary files hold no sentences
        if runs := guard.runs(text):
            copied[name] = runs
    assert copied == {}, f"{WINDOW}-word runs copied from {SEED}: rephrase them (scripts/copied_text.py counts them)"


def test_wheel_builds_without_warnings_and_holds_every_data_file(tmp_path: Path) -> None:
    source = tmp_path / "src"  # a clean copy: the build writes build/ and *.egg-info beside the sources
    for name in tracked_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-v", "-w", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    log = done.stdout + done.stderr
    assert "absent from the `packages` configuration" not in log, "a data folder is not declared as a package"
    [wheel] = tmp_path.glob("alignkg-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    data = [name for name in tracked_files() if name.startswith(("graph/", "ontology/", "alignkg/"))
            and not name.endswith(".py")]
    assert len(data) > 40
    expected = {DATA_FOLDERS[name.split("/", 1)[0] + "/"] + name.split("/", 1)[1] for name in data}
    assert sorted(expected - shipped) == []
