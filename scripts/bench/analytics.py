#!/usr/bin/env python3
"""Time the analysis endpoints (trends with emerging themes, new topics) on an index.

    python3 scripts/bench/analytics.py --insight target/release/insight --index INDEX [--rounds 20]

Serves INDEX on a free loopback port and asks each request `rounds` times after one
warm-up, printing p50, p95 and max wall times (client side, loopback) and what each
answer held.
"""
import argparse
import json
import socket
import statistics
import subprocess
import time
import urllib.request

REQUESTS = [
    ("trends by quarter", "/api/trends?interval=quarter"),
    ("trends by year", "/api/trends?interval=year"),
    ("trends, Leeds, by quarter", "/api/trends?interval=quarter&place=Leeds"),
    ("trends, theme Discharge, by month", "/api/trends?interval=month&theme=Discharge"),
    ("new topics by quarter", "/api/topics?interval=quarter"),
    ("new topics by year", "/api/topics?interval=year"),
    ("new topics, Wakefield, by year", "/api/topics?interval=year&place=Wakefield"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--insight", required=True)
    parser.add_argument("--index", required=True)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([args.insight, "serve", "--index", args.index, "--addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/api/health", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        print("| request | p50 | p95 | max | answer |")
        print("|---|---|---|---|---|")
        for label, path in REQUESTS:
            body = urllib.request.urlopen(base + path, timeout=600).read()  # warm-up
            times = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                body = urllib.request.urlopen(base + path, timeout=600).read()
                times.append((time.perf_counter() - started) * 1000)
            answer = json.loads(body)
            if "emerging" in answer:
                held = answer["emerging"] + [h for h in answer["held_back"]]
                what = (f"{len(answer['periods'])} periods, {len(answer['themes'])} themes, "
                        f"{len(answer['emerging'])} emerging, {len(answer['held_back'])} held back")
            else:
                what = f"{answer['words_tested']} words tested, {len(answer['topics'])} topics"
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
            print(f"| {label} (`{path}`) | {statistics.median(times):.0f} ms | {p95:.0f} ms | {times[-1]:.0f} ms | {what} |")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
