#!/usr/bin/env python3
"""Incremental sync at scale: what a consumer mirroring a themed slice pays each night.

    python3 scripts/bench/sync.py --insight target/release/insight \
        --corpus /tmp/b1m --work /tmp/sync-bench [--slice 'theme=Discharge&place=Leeds']

Copies nothing: it ingests CORPUS into WORK/index, serves it, lists the slice from the
start (`/api/changes`, pages of 1000) and keeps the copy; then edits about 1% of the
report files (one section each), deletes about 0.2% of the note files, re-ingests, and
syncs from the cursor. It prints the wall times (ingest, re-ingest, each sync), the
requests and bytes a sync took against a full export of the slice, and checks that the
copy equals a fresh export. The corpus folder is changed in place: generate a copy for
it (scripts/bench/gen_corpus.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[bytes, float, dict]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as reply:
        body = reply.read()
        headers = dict(reply.headers)
    return body, time.perf_counter() - started, headers


def sync(base: str, slice_params: str, since: str | None, copy: dict) -> dict:
    requests, sent_bytes, seconds, changed, removed = 0, 0, 0.0, 0, 0
    worst = 0.0
    while True:
        query = slice_params + "&limit=1000" + (f"&since={urllib.parse.quote(since)}" if since else "")
        body, took, _ = get(f"{base}/api/changes?{query}")
        page = json.loads(body)
        requests += 1
        sent_bytes += len(body)
        seconds += took
        worst = max(worst, took)
        for passage in page["changed"]:
            copy[passage["passage_id"]] = passage["text"]
        for passage_id in page["removed"]:
            copy.pop(passage_id, None)
        changed += len(page["changed"])
        removed += len(page["removed"])
        since = page["cursor"]
        if not page["more"]:
            return {
                "cursor": since,
                "requests": requests,
                "bytes": sent_bytes,
                "seconds": round(seconds, 3),
                "slowest_request_s": round(worst, 3),
                "changed": changed,
                "removed": removed,
            }


def export(base: str, slice_params: str) -> tuple[dict, dict]:
    body, took, headers = get(f"{base}/api/export?{slice_params}&format=ndjson")
    rows = {}
    for line in body.splitlines():
        passage = json.loads(line)
        rows[passage["passage_id"]] = passage["text"]
    return rows, {"bytes": len(body), "seconds": round(took, 3), "cursor": headers.get("insight-cursor")}


def ingest(insight: str, corpus: Path, index: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [insight, "ingest", str(corpus), "--index", str(index), "--json"],
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - started
    if done.returncode not in (0, 2):
        sys.exit(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    summary = json.loads(done.stdout)
    print(
        f"  ingest: {took:.1f} s; indexed {summary.get('indexed')}, unchanged {summary.get('unchanged')}, "
        f"removed {summary.get('removed')}, passages in index {summary.get('passages_in_index')}",
        flush=True,
    )
    return took


def edit(corpus: Path, seed: int) -> dict:
    rng = random.Random(seed)
    reports = sorted(corpus.glob("reports/**/*.md"))
    notes = sorted(p for p in corpus.glob("notes/**/*") if p.suffix in (".md", ".txt"))
    edited = rng.sample(reports, max(1, len(reports) // 100))
    for path in edited:
        text = path.read_text(encoding="utf-8")
        # a sentence added to the last section: one passage changes
        path.write_text(text.rstrip("\n") + " Revised after the board asked for more detail.\n", encoding="utf-8")
    deleted = rng.sample(notes, max(1, len(notes) // 500))
    for path in deleted:
        path.unlink()
    return {"reports_edited": len(edited), "notes_deleted": len(deleted)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--insight", required=True)
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--slice", default="theme=Discharge&place=Leeds")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    index = args.work / "index"
    shutil.rmtree(index, ignore_errors=True)
    size = sum(p.stat().st_size for p in args.corpus.rglob("*") if p.is_file())
    print(f"corpus {args.corpus}: {size / 1e6:.0f} MB", flush=True)
    results: dict = {"corpus_mb": round(size / 1e6)}
    took = ingest(args.insight, args.corpus, index)
    results["ingest_s"] = round(took, 1)
    results["ingest_mb_s"] = round(size / 1e6 / took, 2)

    port = free_port()
    server = subprocess.Popen(
        [args.insight, "serve", "--index", str(index), "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                get(f"{base}/api/health")
                break
            except OSError:
                time.sleep(0.5)
        copy: dict = {}
        first = sync(base, args.slice, None, copy)
        rows, full = export(base, args.slice)
        results["slice_passages"] = len(rows)
        results["first_listing"] = first
        results["export"] = full
        assert copy == rows, "the first listing is not the export"
        again = sync(base, args.slice, first["cursor"], copy)
        results["nothing_changed"] = again

        results["edits"] = edit(args.corpus, args.seed)
        took = ingest(args.insight, args.corpus, index)
        results["reingest_s"] = round(took, 1)
        # the server follows the commit within a moment
        deadline = time.time() + 60
        while time.time() < deadline:
            _, _, headers = get(f"{base}/api/export?{args.slice}&format=ndjson&q=zzzznothing")
            if headers.get("insight-cursor") != full["cursor"]:
                break
            time.sleep(0.5)
        nightly = sync(base, args.slice, first["cursor"], copy)
        results["nightly_sync"] = nightly
        rows, full = export(base, args.slice)
        results["export_after"] = full
        results["copy_equals_export"] = copy == rows
        results["slice_passages_after"] = len(rows)
    finally:
        server.terminate()
        server.wait()
    print(json.dumps(results, indent=2))
    if not results["copy_equals_export"]:
        sys.exit("the synced copy differs from a fresh export")


if __name__ == "__main__":
    main()
