#!/usr/bin/env python3
"""Quick figures for BENCHMARKS.md on the bundled corpus (standard library only).

Ingests corpus/ into a fresh temporary index three times with the release binary
(wall time and peak memory via /usr/bin/time), re-ingests with nothing changed, then
serves it on a free loopback port and times 60 sequential requests of each query of a
fixed mix, and of the trends, coverage, facets and overlap endpoints. Run after `cargo build --release`:  python3 scripts/quick_bench.py
"""
import json, os, re, socket, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "insight")
OTHER = [
    ("GET", "/api/trends?place=Leeds", None),
    ("GET", "/api/coverage", None),
    ("GET", "/api/facets", None),
    ("POST", "/api/overlap", b'{"title": "Carers and hospital discharge", "description": "Hearing from unpaid carers in Leeds about hospital discharge", "places": ["Leeds"], "start": "2027-01-01", "end": "2027-03-31"}'),
]
QUERIES = [
    "q=discharge",
    "q=discharge%20carers&place=Leeds",
    "q=%22package%20of%20care%22",
    "q=waiting&place=Leeds&place=Wakefield&theme=Access",
    "q=carers&group=document",
    "q=GP&sort=newest",
    "",
]


def timed(args):
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M", *args], capture_output=True, text=True, cwd=ROOT)
    seconds, kb = re.search(r"TIME ([\d.]+) (\d+)", out.stderr).groups()
    return float(seconds), int(kb), out.stdout


def main():
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    corpus_bytes = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(ROOT, "corpus")) for f in fs)
    with tempfile.TemporaryDirectory() as tmp:
        index = os.path.join(tmp, "index")
        for run in range(3):
            subprocess.run(["rm", "-rf", index])
            seconds, kb, out = timed([BIN, "ingest", "corpus", "--index", index, "--json"])
            passages = json.loads(out)["passages_written"]
            print(f"ingest run {run + 1}: {seconds:.2f} s, {passages / seconds:,.0f} passages/s, "
                  f"{corpus_bytes / seconds / 1e6:.2f} MB/s, peak {kb / 1024:.0f} MiB")
        seconds, kb, _ = timed([BIN, "ingest", "corpus", "--index", index, "--json"])
        print(f"re-ingest, nothing changed: {seconds:.2f} s, peak {kb / 1024:.0f} MiB")
        seconds, kb, _ = timed([BIN, "check", "corpus", "--json"])
        print(f"check (parse and tag only): {seconds:.2f} s, peak {kb / 1024:.0f} MiB")

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([BIN, "serve", "--index", index, "--addr", f"127.0.0.1:{port}"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
        try:
            server.stdout.readline()  # the "serving" line
            for query in QUERIES:
                latencies = []
                for _ in range(60):
                    started = time.perf_counter()
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?{query}").read()
                    latencies.append((time.perf_counter() - started) * 1000)
                latencies.sort()
                print(f"GET /api/search?{query or '(everything)':52s} p50 {latencies[30]:.1f} ms  p95 {latencies[57]:.1f} ms")
            for method, path, body in OTHER:
                latencies = []
                for _ in range(60):
                    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method,
                                                     headers={"Content-Type": "application/json"})
                    started = time.perf_counter()
                    urllib.request.urlopen(request).read()
                    latencies.append((time.perf_counter() - started) * 1000)
                latencies.sort()
                print(f"{method} {path:67s} p50 {latencies[30]:.1f} ms  p95 {latencies[57]:.1f} ms")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
