"""What we ship: the wheel holds every data file without setuptools warnings."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT

DATA_FOLDERS = {"graph/": "alignkg/graph/", "ontology/": "alignkg/ontology/", "alignkg/": "alignkg/"}


def tracked_files() -> list[str]:
    """Every file ``git ls-files`` lists in the repository."""
    done = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [name for name in done.stdout.split("\0") if name]


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
