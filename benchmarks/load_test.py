"""Load test of ``alignkg serve`` on loopback: throughput and p50/p99 latency at 1, 8 and 32 clients.

Each client is a thread with its own keep-alive HTTP connection; a level stops
after ``--requests`` requests or ``--seconds`` seconds, whichever comes first.
Targets: a named query (its text POSTed to /sparql) and /search.

    .venv/bin/python benchmarks/load_test.py                 # starts its own server
    .venv/bin/python benchmarks/load_test.py --url http://127.0.0.1:8000 --json

Any non-200 answer or failed connection is counted as an error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def level(host: str, port: int, method: str, path: str, body: bytes | None, headers: dict,
          clients: int, requests: int, seconds: float) -> dict:
    """Run one concurrency level; return counts, throughput and latency percentiles."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + seconds

    def take() -> bool:
        nonlocal issued
        with lock:
            if issued >= requests or time.monotonic() > deadline:
                return False
            issued += 1
            return True

    def client() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        while take():
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                problem = f"HTTP {response.status}"
            except (OSError, http.client.HTTPException) as exc:
                ok, problem = False, repr(exc)
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
            elapsed = time.perf_counter() - t0
            with lock:
                (latencies.append(elapsed) if ok else errors.append(problem))
        conn.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    wall = time.perf_counter() - started
    done = len(latencies) + len(errors)
    return {"clients": clients, "requests": done, "errors": len(errors), "error_kinds": sorted(set(errors))[:3],
            "throughput_rps": done / wall if wall else 0.0, "p50_ms": percentile(latencies, 50) * 1000,
            "p99_ms": percentile(latencies, 99) * 1000, "mean_ms": (statistics.mean(latencies) * 1000
                                                                     if latencies else float("nan"))}


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_up(url: str, process: subprocess.Popen, seconds: float = 180) -> None:
    """Poll ``url`` until it answers; exit with the server's stderr if it dies or never answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"server exited with {process.returncode}: {process.stderr.read() if process.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit(f"{url} did not answer in {seconds:g} s")


def stop(process: subprocess.Popen) -> None:
    """Terminate a server, killing it if it has not stopped within 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_server(store: str | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "alignkg", "serve", "--port", str(port)] + (["--store", store] if store else [])
    process = subprocess.Popen(command,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    wait_up(f"{url}/health", process)
    return process, url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start `alignkg serve` on a free port)")
    parser.add_argument("--levels", default="1,8,32", help="concurrent clients, comma-separated")
    parser.add_argument("--requests", type=int, default=300, help="requests per level at most")
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds per level at most")
    parser.add_argument("--query", default="techniques-for-deceptive-alignment", help="named query to send")
    parser.add_argument("--search", default="models that deceive their overseers", help="search text")
    parser.add_argument("--no-search", action="store_true", help="only the query target")
    parser.add_argument("--store", help="store for the server it starts (default: memory)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()

    from alignkg.graph.sparql import named_queries

    process, url = (None, args.url) if args.url else start_server(args.store)
    try:
        target = urllib.parse.urlsplit(url)
        host, port = target.hostname, target.port or 80
        body = urllib.parse.urlencode({"query": named_queries()[args.query].text}).encode()
        targets = [(f"query {args.query}", "POST", "/sparql", body,
                    {"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": "application/sparql-results+json"})]
        if not args.no_search:
            path = "/search?" + urllib.parse.urlencode({"q": args.search, "k": 10})
            targets.append((f"search '{args.search}'", "GET", path, None, {}))
        results = []
        for name, method, path, payload, headers in targets:
            for clients in (int(n) for n in args.levels.split(",")):
                stats = level(host, port, method, path, payload, headers, clients, args.requests, args.seconds)
                results.append({"target": name, **stats})
                if not args.json:
                    print(f"| {name} | {clients} | {stats['requests']} | {stats['errors']} | "
                          f"{stats['throughput_rps']:.0f} | {stats['p50_ms']:.1f} | {stats['p99_ms']:.1f} |",
                          flush=True)
    finally:
        if process:
            stop(process)
    if args.json:
        print(json.dumps(results))
    else:
        print(f"\n(columns: target | clients | requests | errors | req/s | p50 ms | p99 ms)\n"
              f"reproduce: .venv/bin/python benchmarks/load_test.py --levels {args.levels} "
              f"--requests {args.requests} --seconds {args.seconds:g}")
    if any(r["errors"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
