"""The dashboard's pure parts: strings, transcript rendering, sampling, agreement, launch command."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

from dashboards import analysis, i18n, render, sampling
from dashboards.launch import streamlit_command

DASHBOARDS = Path(__file__).resolve().parents[2] / "dashboards"


def test_every_string_has_both_languages():
    for key, (en, zh) in {**i18n.STRINGS, **i18n.RUBRIC_NAMES}.items():
        assert en.strip() and zh.strip(), key
        assert sorted(re.findall(r"{(\w+)", en)) == sorted(re.findall(r"{(\w+)", zh)), key


def test_every_key_the_pages_use_exists():
    used = set()
    for source in DASHBOARDS.rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+)["']\s*[,)]""", source.read_text(encoding="utf-8")))
    assert used, "no keys found: the pattern is wrong"
    assert not used - set(i18n.STRINGS)


def test_language_switch():
    assert i18n.t("page_listening", "zh") == "听音室"
    assert i18n.t("calls_found", "en", n=3) == "3 calls"
    assert i18n.level_name(4, "zh") == "4 惊喜级" and i18n.level_name(None, "en") == "–"
    assert i18n.name("rude", "en") == "Rude" and i18n.name("unknown_code", "zh") == "unknown_code"


def test_highlight_escapes_markup_and_wraps_spans():
    text = "<script>alert(1)</script> 订单号是[order_number]。"
    at = text.index("[order_number]")
    marks = [render.Mark(0, "redacted", "order_number", at, at + 14), render.Mark(0, "met", "x", 0, 8)]
    out = render.highlight(text, marks)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'class="cq-redacted"' in out and ">[order_number]</span>" in out
    assert 'class="cq-met"' in out


def test_marks_follow_evidence_and_redactions():
    turns = [{"turn_index": 0, "text": "您好，感谢您致电", "redactions": "[]"},
             {"turn_index": 1, "text": "订单号是[phone]", "redactions": '[{"kind": "phone", "char_start": 4, "char_end": 11}]'}]
    scores = [{"criterion": "script.greeting", "value": 1.0, "evidence": '[{"turn": 0, "quote": "您好"}]'},
              {"criterion": "script.closing", "value": 0.0, "evidence": "[]"},
              {"criterion": "violation.rude", "value": 1.0, "evidence": '[{"turn": 1, "quote": "not in text"}]'}]
    marks = render.marks_for(scores, turns, lambda code: code.upper())
    assert render.Mark(0, "met", "GREETING", 0, 2) in marks
    assert render.Mark(1, "redacted", "PHONE", 4, 11) in marks
    assert render.Mark(1, "violation", "RUDE", None, None) in marks  # quote not found: a whole-turn chip
    assert not [m for m in marks if m.label == "CLOSING"]  # a missed step marks no text
    html = render.turn_html({"turn_index": 1, "speaker": "customer", "start_s": 61, "end_s": 65,
                             "text": turns[1]["text"], "sentiment": -0.5}, marks, "Customer")
    assert "1:01" in html and "-0.50" in html and "RUDE" in html and 'data-turn="1"' in html


def _candidates(n=200, seed=3):
    rng = pd.Series(range(n))
    start = datetime(2025, 1, 6)
    return pd.DataFrame({
        "call_id": [f"c{i:04d}" for i in rng], "agent_id": [f"A{i % 4}" for i in rng],
        "started_at": [start + timedelta(hours=7 * i) for i in rng],
        "resolution_level": [(i * 7) % 5 for i in rng], "violations": [int(i % 9 == 0) for i in rng],
        "customer_shift": [((i * 13) % 20 - 10) / 10 for i in rng], "verdict": ["ok"] * n})


def test_sampling_is_reproducible_stratified_and_oversamples_risk():
    calls = _candidates()
    params = sampling.PlanParams(per_agent_week=2, risk_weight=6.0)
    first, again = sampling.draw_sample(calls, params, 42), sampling.draw_sample(calls, params, 42)
    assert first.equals(again)
    assert not first.equals(sampling.draw_sample(calls, params, 43))
    assert first.groupby(["agent_id", "week"]).size().max() == 2
    assert set(first.groupby(["agent_id", "week"]).size().index) == set(
        sampling.draw_sample(calls, sampling.PlanParams(per_agent_week=100), 1).groupby(["agent_id", "week"]).size().index)
    risky_share = sampling.draw_sample(calls, params, 7)["risky"].mean()
    base_share = pd.Series([bool(sampling.risk_reasons(r, params)) for _, r in calls.iterrows()]).mean()
    many = pd.concat([sampling.draw_sample(calls, params, s) for s in range(30)])
    assert many["risky"].mean() > base_share  # oversampled
    assert 0 <= risky_share <= 1


def test_a_new_week_does_not_change_an_old_weeks_draw():
    calls = _candidates()
    params = sampling.PlanParams(per_agent_week=2)
    before = sampling.draw_sample(calls, params, 9)
    later = pd.concat([calls, _candidates(40).assign(call_id=lambda d: "new" + d["call_id"],
                                                     started_at=lambda d: d["started_at"] + timedelta(days=400))])
    after = sampling.draw_sample(later, params, 9)
    assert before.equals(after[after["week"].isin(before["week"])].reset_index(drop=True))


def test_round_robin_spreads_evenly():
    pairs = sampling.assign_round_robin([f"c{i}" for i in range(10)], ["x", "y", "z"], seed=1)
    counts = pd.Series([r for _, r in pairs]).value_counts()
    assert counts.max() - counts.min() <= 1 and len(pairs) == 10
    assert sampling.assign_round_robin(["c"], [], 1) == []


def test_agreement_table_uses_qwk_for_level_and_kappa_for_steps():
    pairs = pd.DataFrame({
        "criterion": ["resolution_level"] * 4 + ["script.greeting"] * 4 + ["violation.rude"] * 2,
        "reviewer": ["q"] * 10,
        "machine_value": [0, 1, 2, 4, 1, 1, 0, 0, 0, 2],
        "human_value": [0, 1, 2, 4, 1, 0, 0, 0, 0, 1]})
    table = analysis.agreement_table(pairs).set_index("criterion")
    assert table.loc["resolution_level", "kappa"] == 1.0 and table.loc["resolution_level", "statistic"] == "QWK"
    assert table.loc["script.greeting", "agreement"] == 0.75
    assert table.loc["violation.rude", "agreement"] == 1.0  # 2 and 1 occurrences: both "violated"
    lenient = analysis.leniency(pairs).set_index("reviewer")
    assert lenient.loc["q", "level_bias"] == 0 and lenient.loc["q", "correction_rate"] == 0.1


def test_category_alert_on_a_sudden_rise():
    weeks = pd.date_range("2025-01-06", periods=6, freq="7D")
    rows = [{"week": w, "category": "order_delay", "calls": 10} for w in weeks]
    rows += [{"week": w, "category": "rider_issue", "calls": 2 if i < 5 else 12} for i, w in enumerate(weeks)]
    alerts = analysis.category_alerts(pd.DataFrame(rows))
    assert alerts["category"].tolist() == ["rider_issue"] and alerts["ratio"][0] == 6.0


def test_launch_command_is_headless_loopback_and_private(tmp_path):
    cmd = streamlit_command(tmp_path / "c.duckdb", 9999)
    assert cmd[1:4] == ["-m", "streamlit", "run"] and cmd[4].endswith("dashboards/app.py")
    options = dict(zip(cmd[5::2], cmd[6::2]))
    assert options["--server.headless"] == "true" and options["--server.port"] == "9999"
    assert options["--server.address"] == "127.0.0.1" and options["--browser.gatherUsageStats"] == "false"
    assert cmd[-4:] == ["--db", str((tmp_path / "c.duckdb").resolve()), "--users",
                        str((tmp_path / "callqa-users.toml").resolve())]
