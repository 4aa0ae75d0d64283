"""The notebooks run top to bottom on a fresh checkout, and are committed without outputs.

Each notebook is executed with nbclient in a kernel that runs this very Python (a
kernelspec written to a temporary JUPYTER_PATH), so it uses the project's
environment on any machine, whatever kernels that machine has registered.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
KERNEL = "alignkg-test-python"


@pytest.fixture(scope="module")
def jupyter_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "alignkg tests", "language": "python",
    }))
    return folder


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "01-sparql-tour.ipynb", "02-semantic-search.ipynb", "03-risk-technique-pictures.ipynb",
        "04-ingest-and-review.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    stale = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert stale == [], f"{path.name}: clear the outputs of cells {stale} before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, jupyter_path, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("JUPYTER_PATH", str(jupyter_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name=KERNEL, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()

    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []
    silent = [c.source.splitlines()[0] for c in code[1:] if not c.outputs]
    assert silent == [], "every cell after the set-up shows a result"
    images = sum("image/png" in o.get("data", {}) for c in code for o in c.outputs)
    if path.stem != "01-sparql-tour":
        assert images >= 1, "the picture cells show their pictures"
