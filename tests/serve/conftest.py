"""Fixtures for the server and store tests: live servers on loopback, shared per session.

``live_url`` is ``alignkg serve`` run as a real process (the console script's
code path); ``oxigraph_url`` is an external Oxigraph server (the ``oxigraph``
CLI from the dev extra) loaded with our export. Both bind 127.0.0.1 only.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterator

import pytest

import alignkg
from alignkg.server.app import Settings, create_app

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 180) -> None:
    """Poll ``url`` until it answers 200; fail with the process's output if it dies or never answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read() if process.stdout else ""
            pytest.fail(f"server exited with {process.returncode}:\n{out}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    process.kill()
    pytest.fail(f"server at {url} did not answer within {seconds:g} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def normalise(rows: Any) -> Any:
    """Answers made comparable across stores: rows as a sorted multiset, numbers as rounded
    floats, and GROUP_CONCAT lists (whose order SPARQL leaves open) sorted."""
    if not isinstance(rows, list):
        return rows
    return sorted(json.dumps({k: _value(v) for k, v in row.items()}, sort_keys=True, default=str) for row in rows)


def _value(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal)):
        return round(float(value), 6)
    text = str(value)
    try:
        number = Decimal(text)
        if number.is_finite():
            return round(float(number), 6)
    except InvalidOperation:
        pass
    if ", " in text:
        return ", ".join(sorted(text.split(", ")))
    return text


@pytest.fixture(scope="session")
def app(kg: alignkg.KnowledgeGraph) -> Iterator[Any]:
    """The app over the curated graph, in-process, with a short time limit for the timeout tests."""
    application = create_app(kg, Settings(time_limit=3.0, workers=2, max_request_bytes=16_384))
    yield application
    application.state.pool.close()


@pytest.fixture(scope="session")
def client(app: Any) -> Iterator[Any]:
    from starlette.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_url(kg: alignkg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``alignkg serve`` as a separate process on 127.0.0.1 (search index built at start-up),
    serving exactly the triples of the ``kg`` fixture (a snapshot, whatever the data does meanwhile)."""
    data = tmp_path_factory.mktemp("served-data")
    (data / "graph.ttl").write_bytes(kg.export("turtle"))
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "alignkg", "--data", str(data), "serve", "--port", str(port),
         "--time-limit", "5", "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/health", process)
    yield url
    stop(process)


@pytest.fixture(scope="session")
def oxigraph_url(kg: alignkg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An external Oxigraph server (``oxigraph serve-read-only``) holding our N-Triples export."""
    exe = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    if exe is None:
        pytest.fail("the oxigraph CLI is missing: it comes with the dev extra (pip install -e '.[dev]')")
    folder = tmp_path_factory.mktemp("oxigraph-server")
    export = folder / "alignkg.nt"
    export.write_bytes(kg.export("nt"))
    subprocess.run([exe, "load", "--location", str(folder / "db"), "--file", str(export)],
                   check=True, capture_output=True, timeout=300)
    port = free_port()
    process = subprocess.Popen([exe, "serve-read-only", "--location", str(folder / "db"),
                                "--bind", f"127.0.0.1:{port}", "--timeout-s", "10"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/query"
    wait_until_up(f"{url}?query=ASK%7B%7D", process, seconds=60)
    yield url
    stop(process)


VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql}
DirsAllowed = ., {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {db}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 30
"""


@pytest.fixture(scope="session")
def virtuoso_url(kg: alignkg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Debian's Virtuoso on loopback (installed by scripts/install-virtuoso.sh), loaded with our
    export into the graph ``urn:alignkg``, which the URL names as the default graph."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "install-virtuoso.sh"
    done = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        pytest.skip(f"no Virtuoso: scripts/install-virtuoso.sh failed: {done.stderr.strip()[-300:]}")
    db = tmp_path_factory.mktemp("virtuoso")
    (db / "alignkg.nt").write_bytes(kg.export("nt"))
    isql, http = free_port(), free_port()
    (db / "virtuoso.ini").write_text(VIRTUOSO_INI.format(db=db, isql=isql, http=http))
    process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(db / "virtuoso.ini")], cwd=db,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wait_until_up(f"http://127.0.0.1:{http}/sparql?query=ASK%7B%7D", process, seconds=120)
    subprocess.run(["isql-vt", f"127.0.0.1:{isql}", "dba", "dba",
                    f"exec=ld_dir('{db}', 'alignkg.nt', 'urn:alignkg'); rdf_loader_run(); checkpoint;"],
                   check=True, capture_output=True, timeout=300)
    yield f"http://127.0.0.1:{http}/sparql?default-graph-uri=urn:alignkg"
    stop(process)
