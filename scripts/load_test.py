#!/usr/bin/env python3
"""Bounded load test (standard library only, loopback only; it stops by itself).

Serves a copy of a corpus with the `insight` binary and, for --seconds, sends mixed
traffic from --clients threads (searches, exports streamed to the end, overlap checks,
facets, documents; anonymous and with a partner key) while a second process re-ingests
the same index in a loop with a changed file each time, so commits land under load.
It samples the server's resident memory from /proc, then prints requests, errors, p50/
p95/p99 per kind, throughput and peak memory as JSON; it exits 1 if any request failed
or peak memory passed --max-rss-mib.

    cargo build --release && python3 scripts/load_test.py --seconds 180
"""
import argparse, http.client, json, os, random, shutil, socket, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SEARCHES = [
    "/api/search?q=discharge",
    "/api/search?q=discharge%20carers&place=Leeds",
    "/api/search?q=%22package%20of%20care%22",
    "/api/search?q=waiting&place=Leeds&place=Wakefield&theme=Access",
    "/api/search?q=carers&group=document",
    "/api/search?q=GP&sort=newest&per_page=50",
    "/api/search",
    "/api/trends?place=Leeds",
    "/api/coverage",
    "/api/facets",
]
EXPORTS = [
    "/api/export?format=ndjson&theme=Discharge",
    "/api/export?q=waiting&place=Leeds",
    "/api/export?format=ndjson",
]
PROPOSAL = json.dumps({
    "title": "Carers and hospital discharge",
    "description": "Hearing from unpaid carers in Leeds about coming home from hospital",
    "places": ["Leeds"], "start": "2027-01-01", "end": "2027-03-31",
}).encode()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000, 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "insight"))
    parser.add_argument("--corpus", default=os.path.join(ROOT, "corpus"))
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--max-rss-mib", type=float, default=512)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"no binary at {args.binary}; build first: cargo build --release")

    work = tempfile.mkdtemp(prefix="insight-load-")
    corpus, index = os.path.join(work, "corpus"), os.path.join(work, "index")
    shutil.copytree(args.corpus, corpus)
    subprocess.run([args.binary, "ingest", corpus, "--index", index, "--json"], check=True, stdout=subprocess.DEVNULL)
    keys = os.path.join(work, "keys.toml")
    made = subprocess.run([args.binary, "keys", "add", "load-partner", "--role", "partner",
                           "--organisation", "Carers Leeds", "--keys", keys],
                          check=True, capture_output=True, text=True)
    key = made.stdout.strip()
    port = free_port()
    server = subprocess.Popen([args.binary, "serve", "--index", index, "--addr", f"127.0.0.1:{port}",
                               "--keys", keys, "--log-file", os.path.join(work, "requests.log"),
                               "--web", os.path.join(work, "no-web")],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    server.stdout.readline()  # "insight bank serving ..." once it listens

    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    latencies = {"search": [], "export": [], "overlap": [], "document": []}
    errors, peak = [], [rss_mib(server.pid)]
    ingests = {"runs": 0, "failed": 0}
    # document ids seen by each kind of client (anonymous, keyed): a partner's
    # document is rightly not found for an anonymous client
    documents = ([], [])

    def request(conn, method, path, body=None, headers=None):
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()  # an export is read to its end
        return response.status, data

    def client(number):
        rng = random.Random(args.seed + number)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Authorization": f"Bearer {key}"} if number % 2 else {}
        while time.monotonic() < deadline:
            roll = rng.random()
            if roll < 0.70:
                kind, method, path, body = "search", "GET", rng.choice(SEARCHES), None
            elif roll < 0.80:
                kind, method, path, body = "export", "GET", rng.choice(EXPORTS), None
            elif roll < 0.90:
                kind, method, path, body = "overlap", "POST", "/api/overlap", PROPOSAL
            else:
                with lock:
                    seen = documents[number % 2]
                    doc = rng.choice(seen) if seen else None
                kind, method, path, body = ("document", "GET", f"/api/documents/{doc}", None) if doc else ("search", "GET", SEARCHES[0], None)
            started = time.monotonic()
            try:
                status, data = request(conn, method, path, body, dict(headers, **({"Content-Type": "application/json"} if body else {})))
            except Exception as error:  # a dropped connection is an error too
                with lock:
                    errors.append(f"{method} {path}: {error!r}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            elapsed = time.monotonic() - started
            with lock:
                if status != 200:
                    errors.append(f"{method} {path}: {status} {data[:200]!r}")
                else:
                    latencies[kind].append(elapsed)
                    if kind == "search" and path.startswith("/api/search") and len(documents[number % 2]) < 200:
                        documents[number % 2].extend(h["doc_id"] for h in json.loads(data).get("hits", []))
        conn.close()

    def ingester():
        # a changed file each time, so every run commits under load
        target = os.path.join(corpus, "notes", "load-test-changing-note.md")
        run = 0
        while time.monotonic() < deadline:
            run += 1
            with open(target, "w") as note:
                note.write(f"---\ntitle: Load test note {run}\nkind: workshop notes\norganisation: Carers Leeds\n"
                           f"places: [Leeds]\ndate: 2025-01-{run % 28 + 1:02d}\nvisibility: public\n---\n\n"
                           f"- carers said discharge took {run} hours\n- the lounge had no food\n")
            done = subprocess.run([args.binary, "ingest", corpus, "--index", index, "--json"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with lock:
                ingests["runs"] += 1
                ingests["failed"] += done.returncode not in (0, 2)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    threads.append(threading.Thread(target=ingester))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        peak.append(rss_mib(server.pid))
        time.sleep(0.2)
    wall = time.monotonic() - started
    final_rss = rss_mib(server.pid)
    server.terminate()
    server.wait()
    with open(os.path.join(work, "requests.log")) as log:
        logged = sum(1 for line in log if "insight::access" in line)
    shutil.rmtree(work)

    total = sum(len(v) for v in latencies.values()) + len(errors)
    result = {
        "seconds": round(wall, 1),
        "clients": args.clients,
        "requests": total,
        "requests_per_second": round(total / wall, 1),
        "errors": len(errors),
        "first_errors": errors[:5],
        "ingest_runs": ingests["runs"],
        "ingest_failures": ingests["failed"],
        "server_rss_mib": {"peak": round(max(peak), 1), "end": round(final_rss, 1), "bound": args.max_rss_mib},
        "requests_logged": logged,
        "latency_ms": {kind: {"count": len(v), "p50": percentile(v, 0.50), "p95": percentile(v, 0.95),
                              "p99": percentile(v, 0.99)} for kind, v in latencies.items()},
    }
    print(json.dumps(result, indent=2))
    failed = errors or ingests["failed"] or max(peak) > args.max_rss_mib or logged < total - len(errors)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
