"""Politeness: the Stanford binary task and Spearman correlation on Chinese Wikipedia talk pages.

    python benchmarks/scoring_politeness.py

Stanford Politeness Corpus (CC BY 4.0), per community: requests in the top vs the bottom quartile of
the normalised score, test split. Three callqa figures:
- "rubric markers": the shipped English rubric's politeness markers alone (unsupervised, as in
  callqa before the model);
- "model": the shipped learned model alone (scoring/lexicons/en_politeness_model.json, trained on the
  dev splits of both communities by benchmarks/scoring_politeness_train.py), polite when above 0;
- "callqa en": what the product computes per utterance (markers + model, scoring.politeness).
Where a figure needs a cut (markers, callqa en), the cut is the best one on the dev split.
For reference, a bag-of-words logistic regression is trained here on each community's dev split.
Published (in-domain, leave-one-out, Wikipedia): bag of words 79.8 %, linguistic 83.8 %, humans 86.7 %.
zh_wiki (CC BY-NC, evaluation only: nothing may be trained on it and shipped): Spearman between the
Chinese rubric's politeness markers and the mean annotator rating (0..4) on the test split.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "politeness"

from scoring.agreement import accuracy  # noqa: E402


def quartiles(path: Path) -> tuple[list[str], list[bool]]:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    scores = sorted(float(r["Normalized Score"]) for r in rows)
    low, high = scores[len(scores) // 4], scores[(3 * len(scores)) // 4]
    keep = [r for r in rows if float(r["Normalized Score"]) <= low or float(r["Normalized Score"]) >= high]
    return [r["Request"] for r in keep], [float(r["Normalized Score"]) >= high for r in keep]


def spearman(a: list[float], b: list[float]) -> float:
    def ranks(xs):
        order = sorted(range(len(xs)), key=lambda i: xs[i])
        out = [0.0] * len(xs)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2
            i = j + 1
        return out

    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb)


def main() -> None:
    if not DATA.exists():
        sys.exit(f"evaluation data not found at {DATA}")
    from callqa.rubric import load_rubric
    from scoring.politeness import text_politeness
    from scoring.rubrics import shipped_rubric_path

    from scoring.politeness_model import shipped_model

    en = load_rubric(shipped_rubric_path("en")).politeness
    model = shipped_model()
    print("Stanford politeness, binary (top vs bottom quartile), test split")
    for community, stem in (("Wikipedia", "wikipedia"), ("Stack Exchange", "stack-exchange")):
        dev_x, dev_y = quartiles(DATA / "stanford" / f"{stem}.dev.csv")
        test_x, test_y = quartiles(DATA / "stanford" / f"{stem}.test.csv")
        line = f"  {community:<15} n={len(test_x):<5}"
        for name, used in (("rubric markers", None), ("callqa en (markers + model)", model)):
            dev_s = [text_politeness(t, "en", en, used).score for t in dev_x]
            cut = max(sorted(set(dev_s)), key=lambda c: accuracy(dev_y, [s >= c for s in dev_s]))
            test_s = [text_politeness(t, "en", en, used).score for t in test_x]
            line += f"  {name} {accuracy(test_y, [s >= cut for s in test_s]):.3f} (cut {cut:.1f})"
        line += f"  model alone {accuracy(test_y, [model.value(t) > 0 for t in test_x]):.3f}"
        try:
            from sklearn.feature_extraction.text import CountVectorizer
            from sklearn.linear_model import LogisticRegression

            vec = CountVectorizer(ngram_range=(1, 2), min_df=2, lowercase=True)
            bow_model = LogisticRegression(max_iter=2000, C=0.5).fit(vec.fit_transform(dev_x), dev_y)
            bow = accuracy(test_y, list(bow_model.predict(vec.transform(test_x))))
            line += f"  | baseline BoW LR ({community} dev) {bow:.3f}"
        except ImportError:
            pass
        print(line)
    print("  published (Wikipedia, in-domain, leave-one-out): BoW 0.798, linguistic 0.838, humans 0.867")

    zh = load_rubric(shipped_rubric_path("zh")).politeness
    with (DATA / "zh_wiki" / "chinese_test_4-14.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ours = [text_politeness(r["Utterance"], "zh", zh).score for r in rows]
    rho = spearman(ours, [float(r["labels"]) for r in rows])
    print(f"\nzh_wiki test: n={len(rows)}  Spearman(callqa zh rubric markers, mean rating) = {rho:.3f}")


if __name__ == "__main__":
    main()
