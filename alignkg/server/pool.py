"""Run SPARQL in worker processes that can be stopped at a time limit and a memory limit.

No engine can be interrupted reliably from another thread (rdflib evaluates in
pure Python, pyoxigraph has no query timeout), so each query runs in one of a few
long-lived worker processes, and a query that passes its time limit is ended by
killing its worker, which a fresh one replaces. The other workers keep answering
meanwhile. Each worker's memory is capped (``RLIMIT_DATA``: what it holds when
ready plus ``memory_limit`` MiB); a query that passes it ends its worker too.

Workers answer through the engine's one entry point, ``kg.execute``, and write
the answer's bytes themselves; the server only relays them. For the default
store the workers are forked (ready in milliseconds) and share the graph the
server loaded: the in-memory copy of the compiled graph (``kg.warm()``) or
rdflib's graph; a graph too big for memory is opened again, read-only, by each
worker. For an ``oxigraph:PATH`` store or an endpoint they
are spawned and open it themselves.

Example
-------
>>> import alignkg
>>> with QueryPool(alignkg.load(), workers=1, time_limit=5) as pool:
...     reply = pool.run(Job("ASK { id:rlhf a akg:Technique }"))
>>> reply.body
b'{"head": {}, "boolean": true}'
"""

from __future__ import annotations

import asyncio
import collections
import functools
import multiprocessing
import os
import signal
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alignkg.errors import AlignKGError, QueryError, QueryRefused, QueryTimeout
from alignkg.server.results import Answer

if TYPE_CHECKING:
    from alignkg.kg import KnowledgeGraph


class PoolBusy(AlignKGError):
    """Every worker stayed busy for the whole wait: the server is overloaded."""


class QueryMemoryLimit(AlignKGError):
    """A query needed more memory than a worker may take; the worker was replaced."""


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

    ``source`` is a loaded ``KnowledgeGraph`` (forked workers inherit it) or a store
    spec string such as ``oxigraph:PATH`` (spawned workers open it).
    ``memory_limit`` is how many MiB one query may add to a worker (None: no cap).
    """

    def __init__(self, source: "KnowledgeGraph | str", *, workers: int = 2, time_limit: float = 10.0,
                 memory_limit: int | None = 2048, start_timeout: float = 120.0) -> None:
        self.source = source
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        self.size = workers
        self.start_timeout = start_timeout
        self._context = multiprocessing.get_context("spawn" if isinstance(source, str) else "fork")
        self._lock = threading.Lock()  # guards _idle and _waiters: workers come back from restart threads too
        self._idle: collections.deque[_Worker] = collections.deque()
        self._waiters: collections.deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[_Worker]]] = \
            collections.deque()
        self._closed = False
        self._restarts: list[threading.Thread] = []
        self.replaced = 0
        if not isinstance(source, str):
            source.warm()  # a graph small enough is copied into memory once, and the forked workers share it
        for _ in range(workers):
            self._release(self._start())

    async def answer(self, job: Job) -> Answer:
        """Answer ``job`` without blocking the event loop.

        Raises ``QueryTimeout`` past the time limit, ``QueryMemoryLimit`` past the
        memory limit, ``PoolBusy`` if no worker frees up within the time limit.
        """
        worker = await self._acquire()
        loop = asyncio.get_running_loop()
        finished = False
        try:
            fd = worker.conn.fileno()
            os.set_blocking(fd, True)  # a loop's add_reader (uvloop's) leaves the pipe non-blocking
            worker.conn.send(job)
            ready = loop.create_future()
            loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
            try:
                await asyncio.wait_for(ready, self.time_limit)
            except asyncio.TimeoutError:
                raise QueryTimeout(f"query stopped at the time limit of {self.time_limit:g} s") from None
            finally:
                loop.remove_reader(fd)
            os.set_blocking(fd, True)  # the answer may be longer than the pipe holds: read it whole
            status, payload = worker.conn.recv()
            finished = True
        except (EOFError, OSError):
            raise self._death(worker) from None
        finally:
            if not finished:  # timed out, died or cancelled: its answer must never reach another job
                self._replace(worker)
        if status == "ok":
            self._release(worker)
            return payload
        kind, message = payload
        if kind == "QueryMemoryLimit":  # the worker exits after saying so
            self._replace(worker)
            raise QueryMemoryLimit(message)
        self._release(worker)
        raise {"QueryRefused": QueryRefused, "QueryTimeout": QueryTimeout}.get(kind, QueryError)(message)

    def run(self, job: Job) -> Answer:
        """Answer ``job`` from synchronous code (no event loop running): see :meth:`answer`."""
        return asyncio.run(self.answer(job))

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        for thread in self._restarts:
            thread.join(timeout=self.start_timeout)
        with self._lock:
            idle, self._idle = list(self._idle), collections.deque()
        for worker in idle:
            self._stop(worker)

    def pids(self) -> set[int]:
        """The process ids of the workers idle now."""
        with self._lock:
            return {worker.process.pid for worker in self._idle}

    def __enter__(self) -> "QueryPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def _acquire(self) -> _Worker:
        """An idle worker: at once if one is free, else the first one freed within the time limit (``PoolBusy``)."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._idle:
                return self._idle.popleft()
            handed: asyncio.Future[_Worker] = loop.create_future()
            self._waiters.append((loop, handed))
        try:
            await asyncio.wait({handed}, timeout=self.time_limit)
        finally:
            if not handed.done():  # timed out or the request went away: a worker handed later goes back
                handed.cancel()
            elif not handed.cancelled() and sys.exc_info()[0] is not None:
                self._release(handed.result())
        if handed.cancelled():
            raise PoolBusy(f"all {self.size} query workers stayed busy for {self.time_limit:g} s; try again later")
        return handed.result()

    def _release(self, worker: _Worker) -> None:
        """Hand ``worker`` to the longest waiting request, or put it with the idle ones (any thread)."""
        with self._lock:
            while self._waiters:
                loop, handed = self._waiters.popleft()
                if handed.done():
                    continue
                try:
                    loop.call_soon_threadsafe(self._hand, handed, worker)
                    return
                except RuntimeError:  # that request's event loop has closed
                    continue
            self._idle.append(worker)

    def _hand(self, handed: "asyncio.Future[_Worker]", worker: _Worker) -> None:
        if handed.done():  # gave up meanwhile
            self._release(worker)
        else:
            handed.set_result(worker)

    def _death(self, worker: _Worker) -> AlignKGError | RuntimeError:
        """The error for a worker that died mid-query (it is replaced by the caller)."""
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        if code == -signal.SIGABRT and self.memory_limit:  # a native engine aborts when an allocation fails
            return QueryMemoryLimit(f"query stopped at the memory limit of {self.memory_limit:,} MiB")
        return RuntimeError(f"a query worker died (exit code {code})")

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker_main,
                                        args=(child, self.source, self.time_limit, self.memory_limit),
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
        if self._closed:
            return

        def restart() -> None:
            try:
                fresh = self._start()
            except Exception as exc:  # the pool shrinks by one; say so rather than die in a thread
                print(f"alignkg: a query worker could not be restarted: {exc}", file=sys.stderr)
                return
            self._release(fresh)

        thread = threading.Thread(target=restart, daemon=True, name="alignkg-worker-restart")
        self._restarts = [t for t in self._restarts if t.is_alive()] + [thread]
        thread.start()

    @staticmethod
    def _stop(worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()


def _worker_main(conn: Any, source: "KnowledgeGraph | str", time_limit: float, memory_limit: int | None) -> None:
    """A worker's loop: open the store, cap the memory, then answer jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    import rdflib.plugins.sparql

    from alignkg.server.guard import RECURSION_LIMIT

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # never fetch FROM <url>, whatever the guard says
    sys.setrecursionlimit(RECURSION_LIMIT)  # rdflib evaluates as deep as the guard lets a query nest
    try:
        if isinstance(source, str):
            from alignkg.graph.store import open_graph
            from alignkg.kg import KnowledgeGraph

            kg = KnowledgeGraph(open_graph(source, timeout=time_limit), store=source)
        else:
            kg = _own_handle(source)
        if memory_limit:
            cap_memory(memory_limit)
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
        kind, payload = reply(kg, job, memory_limit)
        conn.send((kind, payload))
        if kind == "error" and payload[0] == "QueryMemoryLimit":
            return  # its heap may be in pieces: a fresh worker replaces this one


def _own_handle(kg: "KnowledgeGraph") -> "KnowledgeGraph":
    """``kg`` for a forked worker: as it is when it queries in memory (the copy :meth:`warm` made
    before the fork), else with the compiled store opened again, read-only, by this process.

    A RocksDB handle is not fork-safe (a lock held by a server thread at the fork
    stays held in the child), so the worker never touches the one it inherited.
    """
    from alignkg.kg import MEMORY_TRIPLES, KnowledgeGraph

    if kg.compiled is None or kg.compiled.triples <= MEMORY_TRIPLES:
        return kg  # rdflib objects or an in-memory pyoxigraph store, shared copy-on-write
    import dataclasses

    import pyoxigraph

    from alignkg.graph.cache import STORE

    store = pyoxigraph.Store.read_only(str(kg.compiled.path / STORE))
    return KnowledgeGraph(compiled=dataclasses.replace(kg.compiled, store=store), store=kg.store, layers=kg.layers)


def reply(kg: "KnowledgeGraph", job: Job, memory_limit: int | None = None) -> tuple[str, Any]:
    """A worker's reply to ``job``: ``("ok", Answer)`` or ``("error", (kind, message))``, never an exception."""
    try:
        return "ok", answer(kg, job)
    except Exception as exc:
        return "error", _error_of(exc, memory_limit)


def _error_of(exc: Exception, memory_limit: int | None) -> tuple[str, str]:
    """The kind and message the server reports for ``exc`` (an engine may wrap the real cause)."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, (MemoryError, RecursionError)):
        cause = cause.__context__
    if isinstance(cause, MemoryError):
        return "QueryMemoryLimit", f"query stopped at the memory limit of {memory_limit or 0:,} MiB"
    if isinstance(cause, RecursionError):
        return "QueryError", "query nested too deeply for the engine"
    if isinstance(exc, TimeoutError) or "timed out" in str(exc):  # an endpoint store that did not answer
        return "QueryTimeout", f"the store did not answer in time: {exc}"
    if isinstance(exc, AlignKGError):
        return type(exc).__name__, str(exc)
    return "QueryError", f"SPARQL error: {type(exc).__name__}: {exc}"


def cap_memory(megabytes: int) -> None:
    """Let this process allocate at most ``megabytes`` MiB more than it holds now (Linux ``RLIMIT_DATA``).

    ``RLIMIT_DATA`` counts private writable memory (heap, anonymous mappings), not
    shared libraries or mapped files, so the cap is about what a query builds.
    """
    import resource

    held = _data_bytes()
    if held is None:
        return  # not Linux: no per-process accounting to build the cap on
    limit = held + megabytes * 2**20
    hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _data_bytes() -> int | None:
    """This process's private writable memory (``VmData``) in bytes, or None where /proc has no such line."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def answer(kg: "KnowledgeGraph", job: Job) -> Answer:
    """Check, run and serialise one job against ``kg`` (in the calling process)."""
    from alignkg.server import results

    form = _checked(job.text)  # refused, malformed or too deeply nested text stops here
    fmt = results.choose(form, job.accept, job.fmt)
    return results.serialise(kg.execute(job.text), fmt, job.row_limit)


@functools.lru_cache(maxsize=1024)
def _checked(text: str) -> str:
    """The guard's verdict, remembered: clients repeat the same queries."""
    from alignkg.server import guard

    return guard.check(text)
