"""Sentiment accuracy on the shared evaluation sets, side by side with baselines run here.

    python benchmarks/scoring_sentiment.py [--split test|dev] [--limit N]

waimai_10k (Chinese food-delivery reviews, 1 positive / 0 negative): positive when the value is above
a cut chosen on the dev split for each model: callqa > 0.3 (clearly positive; a review with no
sentiment word scores 0), SnowNLP p > 0.5 (its own convention, also its best cut on dev).
twitter_airline (English, negative / neutral / positive): @handles and links are removed from every
tweet for every model (an airline's handle is not sentiment: VADER scores "@united" positive). The
value in [-1, 1] maps to a class two ways, for every model alike: (a) VADER's convention, > +0.05
positive, < -0.05 negative, else neutral; (b) the neutral band (negative below, positive above, the
band not empty) that is best for that model on the dev split, on a 0.05 grid. The majority class
("negative", from dev) is a baseline too.
Both sets are evaluation-only (licences): nothing is trained on them; report on the test split.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "sentiment"

from scoring.agreement import accuracy, macro_f1  # noqa: E402

NEUTRAL_BAND = 0.05
WAIMAI_CUT = 0.3  # chosen on waimai dev (0.30 -> 0.878; 0 -> 0.872); SnowNLP's best dev cut is its 0.5


_NOT_TEXT = re.compile(r"@\w+|https?://\S+")


def tweet_text(row: dict) -> str:
    return " ".join(_NOT_TEXT.sub(" ", row["text"]).split())


def three_way(value: float, low: float = -NEUTRAL_BAND, high: float = NEUTRAL_BAND) -> str:
    return "positive" if value > high else "negative" if value < low else "neutral"


def rows(path: Path, limit: int | None) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        out = list(csv.DictReader(f))
    return out[:limit] if limit else out


def run(name: str, model, texts: list[str]) -> tuple[list[float], float]:
    start = time.perf_counter()
    values = model(texts)
    return values, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("test", "dev"))
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"evaluation data not found at {DATA}")

    from scoring.sentiment import ChineseSentiment, EnglishSentiment

    waimai = rows(DATA / "waimai_10k" / f"waimai_10k.{args.split}.csv", args.limit)
    texts, truth = [r["review"] for r in waimai], [r["label"] == "1" for r in waimai]
    print(f"waimai_10k {args.split}: {len(texts)} reviews, {sum(truth)} positive "
          f"(majority-class accuracy {max(sum(truth), len(truth) - sum(truth)) / len(truth):.3f})")
    models = {
        "callqa embedded (domain lexicon)": lambda ts: [v - WAIMAI_CUT for v in ChineseSentiment()(ts)],
    }
    try:
        from snownlp import SnowNLP

        models["baseline SnowNLP (p > 0.5)"] = lambda ts: [SnowNLP(t).sentiments - 0.5 for t in ts]
    except ImportError:
        print("  (snownlp not installed: its baseline is skipped)")
    for name, model in models.items():
        values, seconds = run(name, model, texts)
        acc = accuracy(truth, [v > 0 for v in values])
        print(f"  {name:<40} accuracy {acc:.4f}   ({len(texts) / seconds:,.0f} texts/s)")

    tweets = rows(DATA / "twitter_airline" / f"tweets.{args.split}.csv", args.limit)
    dev = rows(DATA / "twitter_airline" / "tweets.dev.csv", args.limit)
    texts, truth = [tweet_text(r) for r in tweets], [r["airline_sentiment"] for r in tweets]
    dev_texts, dev_truth = [tweet_text(r) for r in dev], [r["airline_sentiment"] for r in dev]
    majority = max(set(dev_truth), key=dev_truth.count)
    print(f"\ntwitter_airline {args.split}: {len(texts)} tweets; baseline majority class ({majority!r} on dev): "
          f"accuracy {accuracy(truth, [majority] * len(truth)):.4f} "
          f"macro-F1 {macro_f1(truth, [majority] * len(truth)):.4f}")
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    models = {
        "callqa embedded (VADER + service words)": EnglishSentiment(),
        "baseline VADER": lambda ts: [vader.polarity_scores(t)["compound"] for t in ts],
    }
    try:
        from textblob import TextBlob

        models["baseline TextBlob"] = lambda ts: [TextBlob(t).sentiment.polarity for t in ts]
    except ImportError:
        pass
    for name, model in models.items():
        values, seconds = run(name, model, texts)
        low, high = best_cuts(model(dev_texts), dev_truth)
        fixed = [three_way(v) for v in values]
        tuned = [three_way(v, low, high) for v in values]
        print(f"  {name:<40} (a) accuracy {accuracy(truth, fixed):.4f} macro-F1 {macro_f1(truth, fixed):.4f}"
              f"   (b) band {low:+.2f}..{high:+.2f}: accuracy {accuracy(truth, tuned):.4f} "
              f"macro-F1 {macro_f1(truth, tuned):.4f}   ({len(texts) / seconds:,.0f} texts/s)")


def best_cuts(values: list[float], truth: list[str]) -> tuple[float, float]:
    grid = [round(x * 0.05, 2) for x in range(-10, 17)]
    return max(((lo, hi) for lo in grid for hi in grid if hi > lo),
               key=lambda c: accuracy(truth, [three_way(v, *c) for v in values]))


if __name__ == "__main__":
    main()
