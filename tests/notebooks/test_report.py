"""The weekly team report on a real store: the right calls, numbers and words, in one HTML file."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest

from callqa.errors import CallqaError
from tests.notebooks.notebook_stores import call_id_of, reviewed_store  # noqa: F401  (a fixture)
from pipeline.report import (
    Example, Kpi, WeeklyReport, build_weekly_report, render_html, week_of, write_weekly_report,
)


class Tags(HTMLParser):
    """Every start tag with its attributes, and the visible text."""

    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def test_week_of_is_the_monday():
    assert week_of(date(2026, 4, 1)) == date(2026, 3, 30)
    assert week_of(date(2026, 3, 30)) == date(2026, 3, 30)


def test_report_of_a_week_with_violations(reviewed_store, tmp_path):
    from store import Store

    store = Store(reviewed_store)
    out = write_weekly_report(store, "Night", date(2026, 3, 25), tmp_path / "night.html")
    html = out.read_text(encoding="utf-8")
    page = parse(html)
    text = " ".join(page.text)
    assert "callqa weekly report: Night, week of 2026-03-23" in text
    assert "Mon 2026-03-23 – Sun 2026-03-29 · 1 call(s)" in text
    # self-contained: inline style and SVG charts, nothing fetched from elsewhere
    assert not [t for t, a in page.tags if t in ("script", "link", "img") or a.get("src")]
    assert sum(t == "svg" for t, _ in page.tags) == 2
    # the rude call is the example, with the agent's words as evidence
    rude = call_id_of(reviewed_store, "zh_06_rude_agent_overtalk.json")
    assert f'title="{rude}"' in html
    assert "rude: 2 occurrence(s) in 1 call(s)" in text
    assert "我说了多少遍了，听不懂吗？订单号报一下。" in text
    assert "陈晨 (a-203)" in text
    assert "No 惊喜级 (surprise-level) calls this week." in text


def test_kpis_compare_with_the_previous_week(reviewed_store):
    from store import Store

    store = Store(reviewed_store)
    report = build_weekly_report(store, "Night", date(2026, 3, 30))  # zh_07 this week, zh_06 the week before
    calls = store.call_overview().set_index("call_id")
    now = calls.loc[call_id_of(reviewed_store, "zh_07_delay_evasive.json")]
    before = calls.loc[call_id_of(reviewed_store, "zh_06_rude_agent_overtalk.json")]
    kpi = {k.label: k for k in report.kpis}
    assert (kpi["Calls"].this_week, kpi["Calls"].last_week) == (1, 1)
    assert kpi["Script compliance"].this_week == pytest.approx(now.compliance)
    assert kpi["Script compliance"].last_week == pytest.approx(before.compliance)
    expected = "better" if now.compliance > before.compliance else "worse"
    assert kpi["Script compliance"].change == expected
    assert kpi["Customer sentiment shift"].delta == f"{now.customer_sentiment_shift - before.customer_sentiment_shift:+.2f}"
    assert [v.code for v in report.violations] == sorted(now.violation_codes)  # evasive, no_apology...
    assert report.categories == ((now.category, 1),)


def test_surprise_calls_are_highlighted_with_evidence(reviewed_store):
    from store import Store

    report = build_weekly_report(Store(reviewed_store), "South", date(2026, 3, 9))
    surprise = call_id_of(reviewed_store, "zh_02_rider_hospital_surprise.json")
    assert [h.call_id for h in report.highlights] == [surprise]
    assert report.highlights[0].agent == "李强" and report.highlights[0].quote
    assert report.agents[0]["agent"] == "李强 (a-202)" and report.agents[0]["mean_level"] == 4


def test_a_quiet_week_and_an_unknown_team(reviewed_store, tmp_path):
    from store import Store

    store = Store(reviewed_store)
    html = write_weekly_report(store, "North", date(2026, 1, 5), tmp_path / "quiet.html").read_text("utf-8")
    assert "No calls of team North in this week." in html and "No violations this week." in html
    with pytest.raises(CallqaError, match="no calls of team 'Nroth' .*teams: Night, North, South"):
        build_weekly_report(store, "Nroth", date(2026, 3, 2))


def test_everything_from_the_data_is_escaped():
    evil = "<script>alert(1)</script>"
    report = WeeklyReport(
        team=evil, week_start=date(2026, 3, 2), kpis=(Kpi("Calls", 1, 0, "{:.0f}", 0),),
        trend=((date(2026, 3, 2), 2.0, 1),), agents=({"agent": evil, "calls": 1.0, "mean_level": 2.0},),
        categories=((evil, 1),), violations=(), highlights=(Example("c" * 64, evil, "2026-03-02", evil, 1.0),),
        calls=1, source="x.duckdb")
    html = render_html(report)
    assert "<script>" not in html and "&lt;script&gt;" in html
