#!/usr/bin/env python3
"""Time to first byte of the server-rendered pages beside the API answering the same
request, on an index.

    python3 scripts/bench/pages.py --insight target/release/insight --index INDEX [--rounds 20]

Serves INDEX with the web page (`--web web`, run from the repository) on a free loopback
port. For each request below, after one warm-up of each, it asks the page and the API in
turn `rounds` times (alternating, so a disturbance hits both alike) and prints the p50
and p95 of the time to the first byte of the answer (the status line: the server has
run the search and, for the page, rendered the template: neither streams) and of the
whole answer, and the page's p50 minus the API's. Client side, loopback.
"""
import argparse
import http.client
import socket
import statistics
import subprocess
import time
import urllib.request

# (label, page path, the API path of the same search)
REQUESTS = [
    ("search, two words", "/?q=discharge+carers", "/api/search?q=discharge+carers"),
    ("search, two words, Leeds", "/?q=discharge+carers&place=Leeds",
     "/api/search?q=discharge+carers&place=Leeds"),
    ("search, one common word", "/?q=appointment", "/api/search?q=appointment"),
    ("browse everything (no words)", "/", "/api/search"),
    ("search, grouped by document", "/?q=waiting&group=document",
     "/api/search?q=waiting&group=document"),
    ("search, page 5, newest first", "/?q=pharmacy&page=5&sort=newest",
     "/api/search?q=pharmacy&page=5&sort=newest"),
]


def timed(port: int, path: str) -> tuple[float, float]:
    """(time to the status line, time to the end of the body), in ms."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    first = time.perf_counter()
    response.read()
    done = time.perf_counter()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return (first - started) * 1000, (done - started) * 1000


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(share * len(values))) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--insight", required=True)
    parser.add_argument("--index", required=True)
    parser.add_argument("--web", default="web")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [args.insight, "serve", "--index", args.index, "--web", args.web, "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        print("| request | page first byte p50 / p95 | API first byte p50 / p95 | page whole p50 | API whole p50 | page - API (first byte p50) |")
        print("|---|---|---|---|---|---|")
        for label, page, api in REQUESTS:
            timed(port, page)
            timed(port, api)
            pages, apis = [], []
            for _ in range(args.rounds):
                pages.append(timed(port, page))
                apis.append(timed(port, api))
            page_first = [p[0] for p in pages]
            api_first = [a[0] for a in apis]
            difference = statistics.median(page_first) - statistics.median(api_first)
            print(f"| {label} (`{page}`) "
                  f"| {statistics.median(page_first):.1f} / {percentile(page_first, 0.95):.1f} ms "
                  f"| {statistics.median(api_first):.1f} / {percentile(api_first, 0.95):.1f} ms "
                  f"| {statistics.median([p[1] for p in pages]):.1f} ms "
                  f"| {statistics.median([a[1] for a in apis]):.1f} ms "
                  f"| {difference:+.1f} ms |")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
