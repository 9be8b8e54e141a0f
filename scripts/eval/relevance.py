#!/usr/bin/env python3
"""Relevance on real feedback: ours against SQLite FTS5 and Lucene 8, by 5-fold cross-validation.

Usage: python3 scripts/eval/relevance.py [--labels ../shared/data/fft-qdc/dev.csv] [--folds 5]
                                         [--no-lucene] [--json OUT]
       python3 scripts/eval/relevance.py --sample   # the judged set over our sample corpus

Data: NHS England's Friends and Family Test comments labelled with the QDC framework
(../shared/data/fft-qdc/README.md). The queries (scripts/eval/relevance-queries.toml) were
written by us from the category names only; a comment is relevant to a query when its
labellers gave it the query's category.

For each fold (comments split by respondent, so a person's answers stay together):
1. the learned tagger is trained on the other folds (`insight model train`), never on the
   comments it is measured on;
2. the fold's comments, without their labels, are ingested as a survey export with that
   model beside the taxonomy (`insight ingest`), so ours tags them as it would a real
   export;
3. the same passages (`insight-bench dump`) go into SQLite FTS5 (Python's sqlite3: BM25,
   the query's words OR'ed, Porter stemming) and Lucene 8 (scripts/bench/peers/lucene:
   classic query parser, OR, BM25, our analyzer);
4. each query is run by all three; P@10 and nDCG@10 (binary gains) are computed from the
   first ten hits.

With --sample: the queries and graded judgements of scripts/eval/sample-judgements.toml
(written blind, from the material only, by a helper who had not seen the search code) over
the bundled corpus, the same three engines; nDCG@10 uses the grades (2 highly, 1 partly
relevant).

Prints a Markdown report: mean P@10 and nDCG@10 per engine, the ratio of ours to each
peer, and per query. Everything written goes to target/eval/relevance/ (it holds the
comments: keep it out of the repository).
"""
import argparse
import csv
import hashlib
import json
import itertools
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "target" / "eval" / "relevance"
QUERIES = ROOT / "scripts" / "eval" / "relevance-queries.toml"
LABELS_MAPPING = ROOT / "scripts" / "eval" / "fft-qdc.labels.toml"
LUCENE = ROOT / "scripts" / "bench" / "peers" / "lucene" / "lucene.sh"
SAMPLE = ROOT / "scripts" / "eval" / "sample-judgements.toml"
PAGE = 10

SURVEY_MAPPING = """# The fold's comments as a survey export, read as a user's mapping would read it.
[source]
title = "Friends and Family Test comments (relevance benchmark fold)"
organisation = "NHS England"
kind = "survey"
method = "survey"
participation = "consult"
visibility = "public"

[columns]
record_id = "Comment ID"
question = "FFT question"
free_text = ["FFT answer"]
"""


def run(*args, ranking=None, **kwargs):
    env = None
    if ranking is not None:
        env = dict(os.environ, INSIGHT_RANKING=ranking)
    result = subprocess.run([str(a) for a in args], cwd=ROOT, capture_output=True, text=True, env=env, **kwargs)
    if result.returncode != 0:
        sys.exit(f"{' '.join(str(a) for a in args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result.stdout


def build():
    run("cargo", "build", "--release", "--locked", "--bin", "insight", "--bin", "insight-bench")


def fold_of(row, folds):
    digest = hashlib.sha256(row["Respondent ID"].encode()).digest()
    return digest[0] % folds


def write_csv(path, rows, columns):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def ours(index, queries, ranking=None):
    """Comment ids of the first PAGE hits of each query, as the CLI answers it (with the
    ranking weights `ranking`, as INSIGHT_RANKING takes them, when given)."""
    binary = ROOT / "target" / "release" / "insight"
    ranked = []
    for query in queries:
        out = json.loads(run(binary, "search", query["text"], "--index", index, "--json", "--limit", PAGE,
                             ranking=ranking))
        ranked.append([hit["passage_id"] for hit in out["results"]["hits"]])
    return ranked


def every_hit(index):
    """Every passage of an index as the CLI shows it (file, locator, text)."""
    binary = ROOT / "target" / "release" / "insight"
    found, offset = {}, 0
    while True:
        out = json.loads(run(binary, "search", "", "--index", index, "--json", "--limit", 1000, "--offset", offset))
        hits = out["results"]["hits"]
        for hit in hits:
            found[hit["passage_id"]] = hit
        offset += len(hits)
        if not hits or offset >= out["results"]["total"]:
            return found


def locators(index):
    """Passage id -> the comment id its locator names ("line 8, record ID")."""
    return {pid: hit["locator"].split("record ", 1)[-1] for pid, hit in every_hit(index).items()}


def sqlite_ranked(passages, queries):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE p USING fts5(id UNINDEXED, title, heading, text, attributes,"
               " tokenize = 'porter unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO p VALUES (?, ?, ?, ?, ?)",
                   [(p["id"], p["title"], p["heading"], p["text"], p["attributes"]) for p in passages])
    ranked = []
    for query in queries:
        words = [w for w in "".join(c if c.isalnum() else " " for c in query["text"]).split()]
        match = " OR ".join(f'"{w}"' for w in words)
        rows = db.execute("SELECT id FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT ?", (match, PAGE)).fetchall()
        ranked.append([r[0] for r in rows])
    return ranked


def lucene_ranked(folder, passages, queries):
    index = folder / "lucene-index"
    # the peer knows the benchmark protocol's facets, which predate sentiment
    passages_file = folder / "passages-lucene.ndjson"
    with open(passages_file, "w", encoding="utf-8") as out:
        for p in passages:
            p = dict(p, facets={k: v for k, v in p.get("facets", {}).items() if k != "sentiment"})
            out.write(json.dumps(p) + "\n")
    run(LUCENE, "ingest", passages_file, index)
    lines = folder / "queries.txt"
    lines.write_text("".join(q["text"] + "\n" for q in queries), encoding="utf-8")
    return [json.loads(line) for line in run(LUCENE, "rank", lines, index).splitlines()]


def scores(ranked_ids, relevant):
    """P@10 and nDCG@10; `relevant` is a set (gain 1) or a dict of graded gains."""
    grade = relevant if isinstance(relevant, dict) else {pid: 1.0 for pid in relevant}
    gains = [float(grade.get(pid, 0.0)) for pid in ranked_ids[:PAGE]]
    precision = sum(1 for g in gains if g > 0) / PAGE
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    best = sorted(grade.values(), reverse=True)[:PAGE]
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(best))
    return precision, (dcg / ideal if ideal else 0.0)


def sample(args):
    """The judged set over our sample corpus (scripts/eval/sample-judgements.toml, written
    blind): the bundled corpus ingested as the two commands do, the same three engines."""
    judged = tomllib.loads(SAMPLE.read_text(encoding="utf-8"))["query"]
    folder = WORK / "sample"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    index = folder / "index"
    run(ROOT / "target" / "release" / "insight", "ingest", ROOT / "corpus", "--index", index)
    passages_file = folder / "passages.ndjson"
    run(ROOT / "target" / "release" / "insight-bench", "dump", "--index", index, "--out", passages_file)
    passages = [json.loads(line) for line in passages_file.read_text(encoding="utf-8").splitlines()]
    hits = every_hit(index)
    squash = lambda text: " ".join(text.split()).lower()
    relevant = []
    unmatched = 0
    for query in judged:
        grades = {}
        for item in query.get("relevant", []):
            want = squash(item["match"])
            ids = [pid for pid, hit in hits.items() if hit["file"] == item["file"] and want in squash(hit["text"])]
            unmatched += not ids
            for pid in ids:
                grades[pid] = max(grades.get(pid, 0), item["grade"])
        relevant.append(grades)
    queries = [{"text": q["text"]} for q in judged]
    engines = ["insight", "sqlite"] + ([] if args.no_lucene else ["lucene"])
    ranked = {"insight": ours(index, queries), "sqlite": sqlite_ranked(passages, queries)}
    if "lucene" in engines:
        ranked["lucene"] = lucene_ranked(folder, passages, queries)
    results = {e: [[scores(ids, relevant[i])] for i, ids in enumerate(ranked[e])] for e in engines}
    if unmatched:
        print(f"{unmatched} judged items match no passage (their snippet is not in one passage)", file=sys.stderr)
    for q, grades in zip(judged, relevant):
        q["category"] = f"{len(grades)} judged relevant"
    report(judged, engines, results, args)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", default=str(ROOT.parent / "shared" / "data" / "fft-qdc" / "dev.csv"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-lucene", action="store_true")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--json", help="also write the figures as JSON to this file")
    parser.add_argument("--tune", action="store_true",
                        help="choose ranking weights on the first folds, measure them on the last --held folds")
    parser.add_argument("--held", type=int, default=2, help="with --tune: folds held out of the choice")
    parser.add_argument("--sample", action="store_true",
                        help="instead: the judged set over our sample corpus (scripts/eval/sample-judgements.toml)")
    args = parser.parse_args()
    if args.sample:
        if not args.no_build:
            build()
        sample(args)
        return
    labels = Path(args.labels)
    if not labels.exists():
        sys.exit(f"no labelled data at {labels}: see ../shared/data/fft-qdc/README.md")
    queries = tomllib.loads(QUERIES.read_text(encoding="utf-8"))["query"]
    with open(labels, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames
        rows = list(reader)
    for query in queries:
        if query["category"] not in columns:
            sys.exit(f"query {query['text']!r}: no category {query['category']!r} in {labels}")
    if not args.no_build:
        build()
    engines = ["insight", "sqlite"] + ([] if args.no_lucene else ["lucene"])
    # engine -> query index -> list of (precision, ndcg) over folds
    results = {engine: [[] for _ in queries] for engine in engines}
    if WORK.exists():
        shutil.rmtree(WORK)
    if args.tune:
        tune(args, rows, columns, queries, engines)
        return
    for fold in range(args.folds):
        train = [r for r in rows if fold_of(r, args.folds) != fold]
        test = [r for r in rows if fold_of(r, args.folds) == fold]
        passages = measure_fold(f"fold{fold}", train, test, columns, queries, {"insight": None}, engines, results)
        print(f"fold {fold}: {len(test)} comments, {passages} passages", file=sys.stderr)
    report(queries, engines, results, args)


def prepare_fold(name, train, test, columns, queries):
    """A fold's index: the tagger trained on `train`, `test`'s comments (without labels)
    ingested as a survey export with it, dumped for the peers. Returns the index, the
    passages, the relevant passage ids per query and the fold's folder."""
    folder = WORK / name
    corpus = folder / "corpus"
    (corpus / "surveys").mkdir(parents=True)
    write_csv(folder / "train.csv", train, columns)
    shutil.copy(ROOT / "corpus" / "taxonomy.toml", corpus / "taxonomy.toml")
    run(ROOT / "target" / "release" / "insight", "model", "train", folder / "train.csv", "--mapping", LABELS_MAPPING,
        "--taxonomy", corpus / "taxonomy.toml", "--out", corpus / "themes.model")
    write_csv(corpus / "surveys" / "fft.csv", test, ["Comment ID", "FFT question", "FFT answer"])
    (corpus / "surveys" / "fft.mapping.toml").write_text(SURVEY_MAPPING, encoding="utf-8")
    index = folder / "index"
    run(ROOT / "target" / "release" / "insight", "ingest", corpus, "--index", index)
    passages_file = folder / "passages.ndjson"
    run(ROOT / "target" / "release" / "insight-bench", "dump", "--index", index, "--out", passages_file)
    passages = [json.loads(line) for line in passages_file.read_text(encoding="utf-8").splitlines()]
    # a passage is one answer; its locator names the comment's record id
    by_comment = {r["Comment ID"]: r for r in test}
    comment_of = locators(index)
    relevant = [{pid for pid, c in comment_of.items() if c in by_comment and by_comment[c][q["category"]] == "1"}
                for q in queries]
    return index, passages, relevant, folder


def measure_fold(name, train, test, columns, queries, ours_as, engines, results):
    """Indexes a fold (`prepare_fold`), ranks every query with ours under each name of
    `ours_as` (name -> INSIGHT_RANKING, None for the environment's), SQLite and, when
    asked, Lucene, and adds each engine's (P@10, nDCG@10) per query to `results`.
    Returns the fold's passage count."""
    index, passages, relevant, folder = prepare_fold(name, train, test, columns, queries)
    ranked = {engine: ours(index, queries, ranking=ranking) for engine, ranking in ours_as.items()}
    ranked["sqlite"] = sqlite_ranked(passages, queries)
    if "lucene" in engines:
        ranked["lucene"] = lucene_ranked(folder, passages, queries)
    for engine in results:
        for i, ids in enumerate(ranked[engine]):
            results[engine][i].append(scores(ids, relevant[i]))
    return len(passages)


# The ranking weights tried by --tune (INSIGHT_RANKING names; the shipped defaults are in
# crates/index/src/relax.rs, `Ranking`).
GRID = {
    "theme_share": [0.6, 0.8, 0.9],
    "theme_bonus": [4, 8],
    "rarity": [1, 0.5, 0],
    "proximity_boost": [1, 3],
}


def tune(args, rows, columns, queries, engines):
    """Chooses ranking weights on some folds and measures them once on the others.

    Folds 0 .. TUNE-1 are the tuning part: each is indexed with a tagger trained on the
    other tuning folds only, so nothing of the held part (its comments or labels) reaches
    the choice. Every combination of GRID is run on them and the one with the best mean
    P@10 (then nDCG@10) is chosen. The held folds are then indexed as in the plain
    protocol (tagger trained on every other fold), and ours with the chosen weights, ours
    with the shipped weights, SQLite and Lucene are measured on them: that report is the
    first measurement of the choice."""
    tune_folds = list(range(args.folds - args.held))
    held_folds = list(range(args.folds - args.held, args.folds))
    names = list(GRID)
    candidates = [",".join(f"{n}={v}" for n, v in zip(names, values)) for values in itertools.product(*GRID.values())]
    totals = {c: [] for c in candidates}
    for fold in tune_folds:
        train = [r for r in rows if fold_of(r, args.folds) in tune_folds and fold_of(r, args.folds) != fold]
        test = [r for r in rows if fold_of(r, args.folds) == fold]
        index, passages, relevant, _ = prepare_fold(f"tune{fold}", train, test, columns, queries)
        for candidate in candidates:
            for i, ids in enumerate(ours(index, queries, ranking=candidate)):
                totals[candidate].append(scores(ids, relevant[i]))
        print(f"tuning fold {fold}: {len(test)} comments, {len(candidates)} weightings", file=sys.stderr)
    table = sorted(((mean([p for p, _ in s]), mean([n for _, n in s]), c) for c, s in totals.items()), reverse=True)
    print(f"Tuning folds {tune_folds} (tagger trained on the other tuning folds only):\n")
    print("| weights | mean P@10 | mean nDCG@10 |")
    print("|---|---|---|")
    for p10, ndcg, c in table[:10]:
        print(f"| {c} | {p10:.3f} | {ndcg:.3f} |")
    chosen = table[0][2]
    print(f"\nChosen: {chosen}\n")
    everyone = ["insight", "shipped"] + engines[1:]
    results = {engine: [[] for _ in queries] for engine in everyone}
    for fold in held_folds:
        train = [r for r in rows if fold_of(r, args.folds) != fold]
        test = [r for r in rows if fold_of(r, args.folds) == fold]
        passages = measure_fold(f"held{fold}", train, test, columns, queries,
                                {"insight": chosen, "shipped": ""}, engines, results)
        print(f"held fold {fold}: {len(test)} comments, {passages} passages", file=sys.stderr)
    print(f"Held folds {held_folds}, measured once with the chosen weights (insight) and the shipped ones:\n")
    report(queries, everyone, results, args)


def mean(values):
    return sum(values) / len(values) if values else 0.0


def report(queries, engines, results, args):
    per_query = {e: [(mean([s[0] for s in folds]), mean([s[1] for s in folds])) for folds in results[e]] for e in engines}
    summary = {e: {"p10": mean([p for p, _ in per_query[e]]), "ndcg10": mean([n for _, n in per_query[e]])} for e in engines}
    print("| engine | mean P@10 | mean nDCG@10 |")
    print("|---|---|---|")
    for e in engines:
        print(f"| {e} | {summary[e]['p10']:.3f} | {summary[e]['ndcg10']:.3f} |")
    print()
    for peer in engines[1:]:
        ratio = summary["insight"]["p10"] / summary[peer]["p10"] if summary[peer]["p10"] else float("inf")
        print(f"P@10 ours / {peer}: {ratio:.2f}")
    print()
    print("| query | category | " + " | ".join(f"{e} P@10" for e in engines) + " |")
    print("|---|---|" + "---|" * len(engines))
    for i, q in enumerate(queries):
        cells = " | ".join(f"{per_query[e][i][0]:.2f}" for e in engines)
        flag = " (worse than sqlite by more than 0.2)" if per_query["insight"][i][0] < per_query["sqlite"][i][0] - 0.2 else ""
        print(f"| {q['text']} | {q['category']} | {cells} |{flag}")
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": summary, "per_query": {
            e: [{"query": q["text"], "p10": per_query[e][i][0], "ndcg10": per_query[e][i][1]} for i, q in enumerate(queries)]
            for e in engines}}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
