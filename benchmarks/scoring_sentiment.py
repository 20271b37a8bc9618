"""Sentiment accuracy on the shared evaluation sets, side by side with baselines run here.

    python benchmarks/scoring_sentiment.py [--split test|dev] [--limit N]

waimai_10k (Chinese food-delivery reviews, 1 positive / 0 negative): a value > 0 is positive.
twitter_airline (English, negative / neutral / positive): the value in [-1, 1] maps to a class with
VADER's own convention, the same for every model: > +0.05 positive, < -0.05 negative, else neutral.
Both sets are evaluation-only (licences): nothing is trained on them; report on the test split.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "sentiment"

from scoring.agreement import accuracy, macro_f1  # noqa: E402

NEUTRAL_BAND = 0.05


def three_way(value: float) -> str:
    return "positive" if value > NEUTRAL_BAND else "negative" if value < -NEUTRAL_BAND else "neutral"


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
        "callqa embedded (domain lexicon)": ChineseSentiment(),
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
    texts, truth = [r["text"] for r in tweets], [r["airline_sentiment"] for r in tweets]
    print(f"\ntwitter_airline {args.split}: {len(texts)} tweets "
          f"(majority-class accuracy {max(truth.count(c) for c in set(truth)) / len(truth):.3f}); "
          f"classes by value: > {NEUTRAL_BAND} positive, < -{NEUTRAL_BAND} negative")
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    models = {
        "callqa embedded (VADER + service lexicon)": EnglishSentiment(),
        "baseline VADER": lambda ts: [vader.polarity_scores(t)["compound"] for t in ts],
    }
    try:
        from textblob import TextBlob

        models["baseline TextBlob"] = lambda ts: [TextBlob(t).sentiment.polarity for t in ts]
    except ImportError:
        pass
    for name, model in models.items():
        values, seconds = run(name, model, texts)
        got = [three_way(v) for v in values]
        print(f"  {name:<40} accuracy {accuracy(truth, got):.4f}   macro-F1 {macro_f1(truth, got):.4f}"
              f"   ({len(texts) / seconds:,.0f} texts/s)")


if __name__ == "__main__":
    main()
