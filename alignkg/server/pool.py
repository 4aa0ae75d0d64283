"""Run SPARQL in worker processes that can be stopped at a time limit.

rdflib evaluates a query in pure Python and cannot be interrupted from another
thread, and pyoxigraph has no query timeout; so each query runs in one of a few
long-lived worker processes, and a query that passes its time limit is ended by
killing its worker, which a fresh one replaces. The other workers keep
answering meanwhile.

For the in-memory store the workers are forked, so they share the loaded graph
with the server instead of compiling it again; for an Oxigraph store or an
endpoint they are spawned and open the store themselves (read-only).

Example
-------
>>> import alignkg
>>> with QueryPool(alignkg.load().graph, workers=1, time_limit=5) as pool:
...     reply = pool.run(Job("ASK { id:rlhf a akg:Technique }"))
>>> reply.body
b'{"head": {}, "boolean": true}'
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import queue
import signal
import sys
import threading
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph

from alignkg.errors import AlignKGError, QueryError, QueryRefused, QueryTimeout
from alignkg.server.results import Answer


class PoolBusy(AlignKGError):
    """Every worker stayed busy for the whole wait: the server is overloaded."""


@dataclass(frozen=True)
class Job:
    """One query for a worker: the text, the accepted media types, a ``format`` override, the row limit."""

    text: str
    accept: list[str] = field(default_factory=list)
    fmt: str | None = None
    row_limit: int = 10_000


@dataclass
class _Worker:
    process: Any
    conn: Any


class QueryPool:
    """``workers`` processes answering :class:`Job` s, each cut off after ``time_limit`` seconds.

    ``source`` is a loaded rdflib ``Graph`` (forked workers share it) or a store
    spec string such as ``oxigraph:PATH`` (spawned workers open it).
    """

    def __init__(self, source: "Graph | str", *, workers: int = 2, time_limit: float = 10.0,
                 start_timeout: float = 120.0) -> None:
        self.source = source
        self.time_limit = time_limit
        self.size = workers
        self.start_timeout = start_timeout
        self._context = multiprocessing.get_context("fork" if isinstance(source, Graph) else "spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._restarts: list[threading.Thread] = []
        self.replaced = 0
        for _ in range(workers):
            self._idle.put(self._start())

    def run(self, job: Job) -> Answer:
        """Answer ``job``; raise ``QueryTimeout`` past the limit, ``PoolBusy`` if no worker frees up in time."""
        try:
            worker = self._idle.get(timeout=self.time_limit)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {self.time_limit:g} s; "
                           "try again later") from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.time_limit):
                self._replace(worker)
                raise QueryTimeout(f"query stopped at the time limit of {self.time_limit:g} s")
            status, payload = worker.conn.recv()
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise RuntimeError(f"a query worker died: {exc!r}") from None
        self._idle.put(worker)
        if status == "ok":
            return payload
        kind, message = payload
        raise {"QueryTimeout": QueryTimeout, "QueryRefused": QueryRefused}.get(kind, QueryError)(message)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        for thread in self._restarts:
            thread.join(timeout=self.start_timeout)
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            self._stop(worker)

    def __enter__(self) -> "QueryPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker_main, args=(child, self.source, self.time_limit),
                                        daemon=True, name="alignkg-query-worker")
        process.start()
        child.close()
        if not parent.poll(self.start_timeout):
            process.kill()
            raise RuntimeError(f"a query worker did not start within {self.start_timeout:g} s")
        try:
            status, payload = parent.recv()
        except EOFError:
            process.join(timeout=5)
            raise AlignKGError(f"a query worker exited at start-up (exit code {process.exitcode}); "
                               "its error is on standard error") from None
        if status != "ready":
            process.join()
            raise AlignKGError(f"a query worker could not open the store: {payload[1]}")
        return _Worker(process, parent)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` now; start its replacement in the background."""
        self._stop(worker)
        self.replaced += 1

        def restart() -> None:
            try:
                fresh = self._start()
            except Exception as exc:  # the pool shrinks by one; say so rather than die in a thread
                print(f"alignkg: a query worker could not be restarted: {exc}", file=sys.stderr)
                return
            self._idle.put(fresh)

        thread = threading.Thread(target=restart, daemon=True, name="alignkg-worker-restart")
        self._restarts = [t for t in self._restarts if t.is_alive()] + [thread]
        thread.start()

    @staticmethod
    def _stop(worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()


def _worker_main(conn: Any, source: "Graph | str", time_limit: float) -> None:
    """A worker's loop: open the store, then answer jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # never fetch FROM <url>, whatever the guard says
    try:
        if isinstance(source, Graph):
            graph = source
        else:
            from alignkg.graph.store import open_graph

            graph = open_graph(source, timeout=time_limit)
    except Exception as exc:  # reported to the server, which refuses to start
        conn.send(("error", (type(exc).__name__, str(exc))))
        return
    conn.send(("ready", None))
    server = os.getppid()
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != server:  # the server died without stopping us: stop too
                    return
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", answer(graph, job)))
        except AlignKGError as exc:
            conn.send(("error", (type(exc).__name__, str(exc))))


def answer(graph: Graph, job: Job) -> Answer:
    """Check, run and serialise one job against ``graph`` (in the calling process)."""
    from rdflib.plugins.stores.memory import Memory, SimpleMemory

    from alignkg.graph.sparql import PREFIXES
    from alignkg.server import results

    form = _checked(job.text)[0]  # refused or malformed text stops here
    fmt = results.choose(form, job.accept, job.fmt)
    try:
        if isinstance(graph.store, (Memory, SimpleMemory)):
            result = graph.query(_algebra(job.text))
        else:
            result = graph.query(job.text, initNs=PREFIXES)
        return results.serialise(result, fmt, job.row_limit)
    except AlignKGError:
        raise
    except Exception as exc:  # rdflib, pyoxigraph and urllib raise many kinds for a bad or failed query
        if isinstance(exc, TimeoutError) or "timed out" in str(exc):
            raise QueryTimeout(f"the store did not answer in time: {exc}") from None
        raise QueryError(f"SPARQL error: {exc}") from None


@functools.lru_cache(maxsize=256)
def _checked(text: str) -> tuple[str, Any]:
    """The guard's verdict and parse, remembered: clients repeat the same queries."""
    from alignkg.server import guard

    return guard.check_parsed(text)


@functools.lru_cache(maxsize=256)
def _algebra(text: str) -> Any:
    """rdflib's translated query for ``text`` (parsing is most of rdflib's cost on small graphs)."""
    from rdflib.plugins.sparql.algebra import translateQuery

    from alignkg.graph.sparql import PREFIXES

    return translateQuery(_checked(text)[1], initNs=PREFIXES)
