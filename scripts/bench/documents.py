#!/usr/bin/env python3
"""Document readers' speed and memory: `insight check` over a folder of real-format
reports (copies of tests/data/documents: PDFs, Word, OpenDocument, web pages), beside
poppler's own `pdftotext` over the same PDFs, the floor our PDF reader stands on.

    cargo build --release
    python3 scripts/bench/documents.py [--copies 40] [--binary target/release/insight]

Prints one JSON object: files, bytes, wall seconds and peak RSS of `insight check`
(which reads, tags and reports every file but writes no index), files per second and
MB per second, the same per format, and the time `pdftotext -bbox-layout` and
`pdftohtml -xml` alone take over the PDFs (sequentially and on every core).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests/data/documents"
GOOD = ["two-column.pdf", "contents-and-table.pdf", "plain.pdf", "styled.docx",
        "unstyled.docx", "report.odt", "saved-page.html"]


def peak_rss_kib(stderr: str) -> int:
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    return int(match.group(1)) if match else -1


def run_check(binary: Path, corpus: Path) -> dict:
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", str(binary), "check", str(corpus), "--json"],
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    summary = json.loads(done.stdout)
    return {"wall_s": round(wall, 3), "peak_rss_mib": round(peak_rss_kib(done.stderr) / 1024, 1),
            "indexed": summary["indexed"], "skipped": summary["skipped"],
            "passages": sum(f["passages"] for f in summary["files"])}


def poppler(pdfs: list, workers: int) -> float:
    def one(pdf: Path) -> None:
        with tempfile.TemporaryDirectory() as out:
            subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), f"{out}/o.html"], check=True,
                           capture_output=True)
            subprocess.run(["pdftohtml", "-xml", "-zoom", "1", "-i", "-q", "-enc", "UTF-8", str(pdf), f"{out}/f.xml"],
                           check=True, capture_output=True)
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, pdfs))
    return round(time.perf_counter() - started, 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--binary", default=str(ROOT / "target/release/insight"))
    args = parser.parse_args()
    binary = Path(args.binary)
    with tempfile.TemporaryDirectory() as work:
        results = {"copies": args.copies, "cores": os.cpu_count(), "formats": {}}
        everything = Path(work) / "all"
        (everything / "docs").mkdir(parents=True)
        shutil.copy(ROOT / "corpus/taxonomy.toml", everything)
        shutil.copy(ROOT / "corpus/themes.model", everything)
        pdfs = []
        for name in GOOD:
            stem, extension = name.rsplit(".", 1)
            folder = Path(work) / extension / "docs"
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / "corpus/taxonomy.toml", folder.parent)
            shutil.copy(ROOT / "corpus/themes.model", folder.parent)
            for copy in range(args.copies):
                for target in (everything / "docs", folder):
                    shutil.copy(FIXTURES / name, target / f"{stem}-{copy}.{extension}")
                if extension == "pdf":
                    pdfs.append(everything / "docs" / f"{stem}-{copy}.{extension}")
        files = list((everything / "docs").iterdir())
        size = sum(f.stat().st_size for f in files)
        run = run_check(binary, everything)
        results["all"] = {**run, "files": len(files), "mb": round(size / 1e6, 2),
                          "files_per_s": round(len(files) / run["wall_s"], 1),
                          "mb_per_s": round(size / 1e6 / run["wall_s"], 2)}
        for extension in ["pdf", "docx", "odt", "html"]:
            folder = Path(work) / extension
            count = len(list((folder / "docs").iterdir()))
            run = run_check(binary, folder)
            results["formats"][extension] = {**run, "files": count,
                                             "ms_per_file": round(run["wall_s"] * 1000 / count, 1)}
        results["poppler_alone"] = {"pdfs": len(pdfs), "sequential_s": poppler(pdfs, 1),
                                    "all_cores_s": poppler(pdfs, os.cpu_count() or 1)}
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
