"""Precision and recall of PII redaction on a generated, labelled test set (Chinese and English).

    python benchmarks/redaction.py [--seed N] [--per-kind N] [--negatives N] [--failures N]

The set comes from ``pii_corpus.py`` (fixed seed ``TEST_SEED``; tune with ``--seed`` = DEV_SEED).
A personal-data span counts as found when every letter, digit and Han character of it lies inside a
redaction of the same kind (``leak-free`` asks only that it lies inside some redaction). A redaction
counts as right when it overlaps a span of its kind. Printed beside callqa: a baseline that redacts
every run of 7+ written digits and written e-mails (what a plain regex redactor does), and the speed
of both on the same sentences.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import re  # noqa: E402

from pii_corpus import STRUCTURED, TEST_SEED, Example, generate  # noqa: E402
from pii_heldout import fresh, held_out, third  # noqa: E402

from transcribe.pii import find_pii  # noqa: E402
from transcribe.redact import redact_text  # noqa: E402

_BASELINE = re.compile(r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(?P<number>\+?\d(?:[\d\s-]{5,}\d))")


@dataclass(frozen=True)
class Found:
    kind: str
    start: int
    end: int


def callqa_spans(example: Example) -> list[Found]:
    return [Found(f.kind, f.start, f.end)
            for f in find_pii(example.text, example.language, order_numbers=True)]


def baseline_spans(example: Example) -> list[Found]:
    """A plain regex redactor: written e-mails, and any 7+ digit run (it cannot tell the kind)."""
    found = []
    for m in _BASELINE.finditer(example.text):
        if m.lastgroup == "number" and sum(c.isdigit() for c in m.group()) < 7:
            continue
        found.append(Found(m.lastgroup, m.start(), m.end()))
    return found


def _needed(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if text[i].isalnum()}


def evaluate(examples: list[Example], spans_of) -> dict:
    """Counts per kind and per form, for one redactor (a function from example to spans)."""
    gold_n, hit, leak_free = Counter(), Counter(), Counter()
    pred_n, pred_ok = Counter(), Counter()
    form_n, form_hit = Counter(), Counter()
    over_chars = pred_chars = negative_fp = negatives = 0
    misses, false_alarms = [], []
    for ex in examples:
        predicted = spans_of(ex)
        by_kind = defaultdict(set)
        for p in predicted:
            by_kind[p.kind].update(range(p.start, p.end))
        anywhere = set().union(*by_kind.values()) if by_kind else set()
        gold_chars = {i for g in ex.spans for i in range(g.start, g.end)}
        for g in ex.spans:
            need = _needed(ex.text, g.start, g.end)
            gold_n[g.kind] += 1
            forms, _, style = ex.form.partition(" ")
            form = next((f for f in forms.split("+") if f.startswith(g.kind + "/")), forms) + (" " + style if style else "")
            form_n[(ex.language, form)] += 1
            if need <= by_kind[g.kind]:
                hit[g.kind] += 1
                form_hit[(ex.language, form)] += 1
            else:
                misses.append((ex, g))
            if need <= anywhere:
                leak_free[g.kind] += 1
        for p in predicted:
            pred_n[p.kind] += 1
            pred_chars += p.end - p.start
            over_chars += sum(1 for i in range(p.start, p.end) if i not in gold_chars and ex.text[i].isalnum())
            if any(g.kind == p.kind and g.start < p.end and p.start < g.end for g in ex.spans):
                pred_ok[p.kind] += 1
            elif not any(g.start < p.end and p.start < g.end for g in ex.spans):
                false_alarms.append((ex, p))
        if not ex.spans:
            negatives += 1
            negative_fp += bool(predicted)
    return dict(gold_n=gold_n, hit=hit, leak_free=leak_free, pred_n=pred_n, pred_ok=pred_ok,
                form_n=form_n, form_hit=form_hit, over_chars=over_chars, pred_chars=pred_chars,
                negative_fp=negative_fp, negatives=negatives, misses=misses, false_alarms=false_alarms)


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.4f}" if b else "  n/a "


def _report(name: str, r: dict) -> list[str]:
    lines = [f"{name}", f"  {'kind':<13}{'spans':>6}{'recall':>9}{'leak-free':>11}{'redactions':>12}{'precision':>11}"]
    kinds = sorted(set(r["gold_n"]) | set(r["pred_n"]))
    for kind in kinds:
        lines.append(f"  {kind:<13}{r['gold_n'][kind]:>6}{_ratio(r['hit'][kind], r['gold_n'][kind]):>9}"
                     f"{_ratio(r['leak_free'][kind], r['gold_n'][kind]):>11}{r['pred_n'][kind]:>12}"
                     f"{_ratio(r['pred_ok'][kind], r['pred_n'][kind]):>11}")
    structured = [k for k in kinds if k in STRUCTURED]
    total = lambda key, ks: sum(r[key][k] for k in ks)  # noqa: E731
    lines.append(f"  {'structured':<13}{total('gold_n', structured):>6}"
                 f"{_ratio(total('hit', structured), total('gold_n', structured)):>9}"
                 f"{_ratio(total('leak_free', structured), total('gold_n', structured)):>11}"
                 f"{total('pred_n', structured):>12}{_ratio(total('pred_ok', structured), total('pred_n', structured)):>11}")
    lines.append(f"  {'all':<13}{total('gold_n', kinds):>6}{_ratio(total('hit', kinds), total('gold_n', kinds)):>9}"
                 f"{_ratio(total('leak_free', kinds), total('gold_n', kinds)):>11}{total('pred_n', kinds):>12}"
                 f"{_ratio(total('pred_ok', kinds), total('pred_n', kinds)):>11}")
    lines.append(f"  negatives with any redaction: {r['negative_fp']}/{r['negatives']}; "
                 f"redacted letters/digits outside personal data: {_ratio(r['over_chars'], r['pred_chars'])}")
    return lines


def _print_misses(scores: dict, label: str) -> None:
    for ex, g in scores["misses"]:
        print(f"  {label}: {ex.text[g.start:g.end]!r} -> "
              f"{[ex.text[f.start:f.end] for f in callqa_spans(ex)] or 'nothing'}")
    for ex, p in scores["false_alarms"]:
        print(f"  false alarm: {p.kind} {ex.text[p.start:p.end]!r} in {ex.text!r}")


def _timed(examples, spans_of) -> float:
    started = time.perf_counter()
    for ex in examples:
        spans_of(ex)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=TEST_SEED)
    parser.add_argument("--per-kind", type=int, default=200)
    parser.add_argument("--negatives", type=int, default=1200)
    parser.add_argument("--failures", type=int, default=0, help="print this many misses and false alarms")
    args = parser.parse_args(argv)
    examples = generate(args.seed, args.per_kind, args.negatives)
    print(f"generated set: seed {args.seed}, {len(examples)} sentences "
          f"({sum(1 for e in examples if e.spans)} with personal data, {sum(len(e.spans) for e in examples)} spans)")
    ours = evaluate(examples, callqa_spans)
    for language in ("zh", "en"):
        subset = [e for e in examples if e.language == language]
        print("\n".join(_report(f"\ncallqa, {language}", evaluate(subset, callqa_spans))))
    print("\n".join(_report("\ncallqa, both languages", ours)))
    print("\n".join(_report("\nbaseline regex (7+ written digits, written e-mails; kind-blind), both languages",
                            evaluate(examples, baseline_spans))))
    print("\nrecall by form (callqa): language kind/form (how the recogniser wrote it) spans recall")
    cells = [f"{language} {form:<34}{n:>4} {_ratio(ours['form_hit'][(language, form)], n)}"
             for (language, form), n in sorted(ours["form_n"].items())]
    for row in range(0, len(cells), 2):
        print("  " + "   ".join(cells[row:row + 2]))
    hand = held_out()
    hand_scores = evaluate(hand, callqa_spans)
    print("\n".join(_report(f"\nhand-written sentences (pii_heldout.py, {len(hand)}; see its note)", hand_scores)))
    _print_misses(hand_scores, "known miss")
    for name, hand_set in (("second hand-written set, tuned on its first misses (pii_heldout.fresh", fresh()),
                           ("third hand-written set, never tuned on (pii_heldout.third", third())):
        scores = evaluate(hand_set, callqa_spans)
        print("\n".join(_report(f"\n{name}, {len(hand_set)})", scores)))
        _print_misses(scores, "miss")
    unchanged = sum(redact_text(*redact_text(e.text, e.language)[:1], e.language)[0]
                    == redact_text(e.text, e.language)[0] for e in examples)
    print(f"\nidempotent (redacting the redacted text changes nothing): {unchanged}/{len(examples)}")
    ours_s, base_s = _timed(examples, callqa_spans), _timed(examples, baseline_spans)
    print(f"speed: callqa {len(examples) / ours_s:,.0f} sentences/s; baseline regex {len(examples) / base_s:,.0f}"
          f" sentences/s; callqa takes {ours_s / base_s:.1f}x the baseline's time")
    for ex, g in ours["misses"][:args.failures]:
        print(f"MISS  {ex.language} {ex.form:<30} {g.kind}: {ex.text[g.start:g.end]!r} in {ex.text!r} "
              f"-> {[(f.kind, ex.text[f.start:f.end]) for f in callqa_spans(ex)]}")
    for ex, p in ours["false_alarms"][:args.failures]:
        print(f"FALSE {ex.language} {ex.form:<30} {p.kind}: {ex.text[p.start:p.end]!r} in {ex.text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
