"""Train the English politeness model shipped as scoring/lexicons/en_politeness_model.json.

    python benchmarks/scoring_politeness_train.py [--out PATH]

Data: the Stanford Politeness Corpus (CC BY 4.0), dev splits of Wikipedia and Stack Exchange together
(the test splits are never read here). Features: scoring.politeness_model.features (politeness
strategies after Danescu-Niculescu-Mizil et al. 2013, word unigrams and bigrams seen in at least
MIN_DF dev requests). Two model families are compared by 5-fold cross-validation on dev, scored as
the paper's binary task (top vs bottom quartile of each held-out fold, per community): logistic
regression on the quartile extremes, and ridge regression on every request's normalised score. The
best one is refitted on all of dev and written as JSON (feature -> weight, intercept, scale).
Needs scikit-learn (the `bench` extra); the product reads the JSON with no scikit-learn.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "politeness" / "stanford"
COMMUNITIES = ("wikipedia", "stack-exchange")
MIN_DF = 3
FOLDS = 5
GRID = [("ridge", 30.0), ("ridge", 100.0), ("ridge", 300.0), ("logistic", 0.1), ("logistic", 0.3)]

from scoring.politeness_model import MODEL_PATH, features  # noqa: E402


def read(community: str, split: str) -> list[tuple[str, float]]:
    with (DATA / f"{community}.{split}.csv").open(encoding="utf-8") as f:
        return [(r["Request"], float(r["Normalized Score"])) for r in csv.DictReader(f)]


def quartile_cuts(scores: list[float]) -> tuple[float, float]:
    ordered = sorted(scores)
    return ordered[len(ordered) // 4], ordered[(3 * len(ordered)) // 4]


def fit(kind: str, strength: float, feats: list[dict], scores: list[float]):
    """(vectoriser, model) fitted on the given requests."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression, Ridge

    df = Counter(k for f in feats for k in f)
    vec = DictVectorizer().fit([{k: v for k, v in f.items() if df[k] >= MIN_DF} for f in feats])
    if kind == "ridge":
        return vec, Ridge(alpha=strength).fit(vec.transform(feats), scores)
    low, high = quartile_cuts(scores)
    keep = [i for i, s in enumerate(scores) if s <= low or s >= high]
    model = LogisticRegression(C=strength, max_iter=3000)
    model.fit(vec.transform([feats[i] for i in keep]), [scores[i] >= high for i in keep])
    return vec, model


def output(model, vec, feats: list[dict]) -> list[float]:
    x = vec.transform(feats)
    return list(model.decision_function(x) if hasattr(model, "decision_function") else model.predict(x))


def quartile_accuracy(values: list[float], scores: list[float]) -> float:
    low, high = quartile_cuts(scores)
    pairs = [(v, s >= high) for v, s in zip(values, scores) if s <= low or s >= high]
    return sum((v > 0) == polite for v, polite in pairs) / len(pairs)


def cross_validate(kind: str, strength: float, data: dict[str, list]) -> float:
    """Mean over folds and communities of the held-out quartile accuracy."""
    results = []
    for fold in range(FOLDS):
        train_f, train_s = [], []
        for rows in data.values():
            train_f += [f for i, (f, _) in enumerate(rows) if i % FOLDS != fold]
            train_s += [s for i, (_, s) in enumerate(rows) if i % FOLDS != fold]
        vec, model = fit(kind, strength, train_f, train_s)
        for rows in data.values():
            held = [(f, s) for i, (f, s) in enumerate(rows) if i % FOLDS == fold]
            results.append(quartile_accuracy(output(model, vec, [f for f, _ in held]), [s for _, s in held]))
    return sum(results) / len(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"evaluation data not found at {DATA}")
    data = {}
    for community in COMMUNITIES:
        rows = read(community, "dev")
        random.Random(13).shuffle(rows)
        data[community] = [(features(text), score) for text, score in rows]
    print(f"Stanford dev: {', '.join(f'{c} {len(r)}' for c, r in data.items())} requests; "
          f"{FOLDS}-fold CV, quartile accuracy (mean of communities)")
    ranked = []
    for kind, strength in GRID:
        cv = cross_validate(kind, strength, data)
        ranked.append((cv, kind, strength))
        print(f"  {kind:<9} {'alpha' if kind == 'ridge' else 'C':>5}={strength:<6g} CV accuracy {cv:.4f}", flush=True)
    cv, kind, strength = max(ranked)
    all_f = [f for rows in data.values() for f, _ in rows]
    all_s = [s for rows in data.values() for _, s in rows]
    vec, model = fit(kind, strength, all_f, all_s)
    values = output(model, vec, all_f)
    mean = sum(values) / len(values)
    scale = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5  # the output's spread on dev
    coef = model.coef_.ravel() if kind == "ridge" else model.coef_[0]
    intercept = float(model.intercept_ if kind == "ridge" else model.intercept_[0])
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), coef)
               if abs(w) >= 5e-4}
    doc = {
        "about": "English politeness: strategies (Danescu-Niculescu-Mizil et al. 2013) + word n-grams, "
                 "linear. Written by benchmarks/scoring_politeness_train.py; do not edit by hand.",
        "trained_on": "Stanford Politeness Corpus (CC BY 4.0), Wikipedia + Stack Exchange dev splits",
        "model": f"{kind} ({'alpha' if kind == 'ridge' else 'C'}={strength:g}), min_df={MIN_DF}",
        "target": "normalised politeness score (z)" if kind == "ridge" else "log-odds of top quartile",
        "cv_quartile_accuracy": round(cv, 4),
        "scale": round(scale, 4),
        "intercept": round(intercept, 4),
        "weights": dict(sorted(weights.items())),
    }
    args.out.write_text(json.dumps(doc, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"chose {kind} {strength:g} (CV {cv:.4f}); {len(weights)} weights -> {args.out}")


if __name__ == "__main__":
    main()
