"""The weekly team report: one self-contained HTML file a manager can forward.

    write_weekly_report(store, "North", date(2026, 3, 16), "north-2026-03-16.html")

It shows the team's KPIs against the previous week, an eight-week trend, one row per agent, the
complaint-category mix, the top violations with example calls (call ids and evidence quotes) and
the week's 惊喜级 (surprise) calls. Weeks run Monday to Sunday like the store's ``week`` column; a
``week_start`` that is not a Monday means the week containing it. Everything is read through the
store's public queries; styles and charts (SVG) are inline, so the file needs nothing else.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from html import escape
from pathlib import Path

from callqa.errors import CallqaError

TREND_WEEKS = 8
EXAMPLES_PER_VIOLATION = 3
# (column of weekly_kpis, label, format, +1 higher is better / -1 lower is better / 0 neutral)
KPIS = (("calls", "Calls", "{:.0f}", 0), ("mean_level", "Mean resolution level (0–4)", "{:.2f}", 1),
        ("surprise_rate", "惊喜级 surprise rate", "{:.0%}", 1), ("compliance", "Script compliance", "{:.0%}", 1),
        ("violation_rate", "Calls with a violation", "{:.0%}", -1),
        ("customer_sentiment_shift", "Customer sentiment shift", "{:+.2f}", 1),
        ("handle_time_s", "Mean handle time (s)", "{:.0f}", 0),
        ("agent_politeness", "Agent politeness (0–100)", "{:.0f}", 1),
        ("unreliable_rate", "Transcripts needing review", "{:.0%}", -1))


@dataclass(frozen=True)
class Kpi:
    label: str
    this_week: float | None
    last_week: float | None
    fmt: str
    direction: int

    def text(self, value: float | None) -> str:
        return "–" if value is None else self.fmt.format(value)

    @property
    def delta(self) -> str:
        if self.this_week is None or self.last_week is None:
            return ""
        return self.fmt.replace("{:", "{:+", 1).replace("++", "+").format(self.this_week - self.last_week)

    @property
    def change(self) -> str:
        """"better", "worse", "same" or "" (no comparison possible or no better direction)."""
        if self.this_week is None or self.last_week is None or not self.direction:
            return ""
        diff = (self.this_week - self.last_week) * self.direction
        return "same" if abs(diff) < 1e-9 else ("better" if diff > 0 else "worse")


@dataclass(frozen=True)
class Example:
    """One call as evidence: who, when, what was said, where."""

    call_id: str
    agent: str
    call_time: str
    quote: str
    at_s: float | None = None


@dataclass(frozen=True)
class ViolationSummary:
    code: str
    occurrences: int
    calls: int
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class WeeklyReport:
    team: str
    week_start: date
    kpis: tuple[Kpi, ...]
    trend: tuple[tuple[date, float | None, int], ...]  # (week, mean level, calls)
    agents: tuple[dict, ...]
    categories: tuple[tuple[str, int], ...]
    violations: tuple[ViolationSummary, ...]
    highlights: tuple[Example, ...]
    calls: int
    source: str

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)


def week_of(day: date | datetime) -> date:
    """The Monday of the week that contains ``day``."""
    day = day.date() if isinstance(day, datetime) else day
    return day - timedelta(days=day.weekday())


def _num(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


class _Scores:
    """A call's current scores, read from the store once per call."""

    def __init__(self, store):
        self.store, self.frames = store, {}

    def get(self, call_id: str, criterion: str) -> tuple[float | None, list[dict]]:
        """(value, quoted evidence) of one score."""
        if call_id not in self.frames:
            self.frames[call_id] = self.store.call_scores(call_id)
        rows = self.frames[call_id][self.frames[call_id].criterion == criterion]
        if rows.empty:
            return None, []
        raw = rows.evidence.iloc[0]
        evidence = json.loads(raw) if isinstance(raw, str) else []
        return _num(rows.value.iloc[0]), [e for e in evidence if e.get("quote")]


def _example(call, evidence: dict) -> Example:
    return Example(call.call_id, call.agent_name or call.agent_id or "?", str(call.call_time)[:16],
                   evidence.get("quote", ""), _num(evidence.get("start")))


def _kpis_and_trend(store, team: str, start: date):
    from store import CallFilter

    span = CallFilter(teams=(team,), date_from=start - timedelta(weeks=TREND_WEEKS - 1),
                      date_to=start + timedelta(days=6), limit=None)
    weekly = {week_of(row.week): row for row in store.weekly_kpis("team", span).itertuples()}
    this, last = weekly.get(start), weekly.get(start - timedelta(weeks=1))

    def value(row, col: str) -> float | None:  # a week without calls has 0 calls, no averages
        return _num(getattr(row, col)) if row is not None else (0.0 if col == "calls" else None)

    kpis = tuple(Kpi(label, value(this, col), value(last, col), fmt, way) for col, label, fmt, way in KPIS)
    weeks = [start - timedelta(weeks=k) for k in range(TREND_WEEKS - 1, -1, -1)]
    trend = tuple((w, value(weekly.get(w), "mean_level"), int(value(weekly.get(w), "calls") or 0))
                  for w in weeks)
    return kpis, trend


def _violations(calls, scores: _Scores) -> tuple[ViolationSummary, ...]:
    found: dict[str, list] = {}
    for call in calls[calls.violations.fillna(0) > 0].itertuples():
        for code in call.violation_codes:
            count, evidence = scores.get(call.call_id, f"violation.{code}")
            found.setdefault(code, []).append((call, int(count or 1), evidence))
    summaries = (ViolationSummary(code, sum(n for _, n, _ in hits), len(hits),
                                  tuple(_example(call, ev[0] if ev else {})
                                        for call, _, ev in hits[:EXAMPLES_PER_VIOLATION]))
                 for code, hits in found.items())
    return tuple(sorted(summaries, key=lambda v: (-v.occurrences, v.code)))


def _highlights(calls, scores: _Scores) -> tuple[Example, ...]:
    """惊喜级 calls with what the agent did beyond the request and how the customer took it."""
    out = []
    for call in calls[calls.resolution_level.fillna(-1) >= 4].itertuples():
        _, evidence = scores.get(call.call_id, "resolution_level")
        cues = [next((e for e in evidence if str(e.get("cue", "")).startswith(c)), None)
                for c in ("extra", "delight")]
        said = [e for e in cues if e] or evidence[-1:] or [{}]
        out.append(replace(_example(call, said[0]), quote=" … ".join(e.get("quote", "") for e in said)))
    return tuple(out)


def build_weekly_report(store, team: str, week_start: date) -> WeeklyReport:
    """Gather one team's week from the store (see the module doc)."""
    from store import CallFilter

    start = week_of(week_start)
    teams = set(store.weekly_kpis("team", CallFilter(limit=None)).team.dropna())
    if team not in teams:
        raise CallqaError(f"{store.path}: no calls of team {team!r} (teams: {', '.join(sorted(teams)) or 'none'})")
    kpis, trend = _kpis_and_trend(store, team, start)
    week = CallFilter(teams=(team,), date_from=start, date_to=start + timedelta(days=6), limit=None)
    calls = store.call_overview(week)
    names = calls.groupby("agent_id").agent_name.first().to_dict() if len(calls) else {}
    agents = tuple({"agent": f"{names.get(r.agent) or ''} ({r.agent or 'no agent id'})".strip(),
                    **{c: _num(getattr(r, c)) for c, *_ in KPIS}}
                   for r in store.weekly_kpis("agent", week).itertuples())
    categories = tuple((str(k), int(v)) for k, v in calls.category.dropna().value_counts().items())
    scores = _Scores(store)
    return WeeklyReport(team, start, kpis, trend, agents, categories, _violations(calls, scores),
                        _highlights(calls, scores), len(calls), str(store.path))


# ---- rendering -----------------------------------------------------------------------------------
_CSS = """body{font-family:-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",sans-serif;
color:#1d2733;max-width:960px;margin:24px auto;padding:0 16px}h1{font-size:22px;margin-bottom:0}
h2{font-size:17px;border-bottom:1px solid #d9dee5;padding-bottom:4px;margin-top:28px}
.sub{color:#5b6675;margin-top:4px}table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eef0f3}th{background:#f5f7fa}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.better{color:#1a7f37}.worse{color:#c62828}
.quote{color:#34495e;font-style:italic}.id{font-family:monospace;font-size:12px;color:#5b6675}
h3{font-size:15px;margin:14px 0 4px}.empty{color:#5b6675;font-style:italic}"""


def _svg_trend(trend) -> str:
    w, h, pad = 560, 150, 30
    step = (w - 2 * pad) / max(1, len(trend) - 1)
    pts = [(pad + i * step, h - pad - ((lvl or 0) / 4) * (h - 2 * pad), wk, lvl, n)
           for i, (wk, lvl, n) in enumerate(trend)]
    parts = [f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#ccc"/>']
    for lvl in range(5):
        y = h - pad - lvl / 4 * (h - 2 * pad)
        parts.append(f'<text x="4" y="{y + 4:.0f}" font-size="10" fill="#888">{lvl}</text>')
    line = " ".join(f"{x:.0f},{y:.0f}" for x, y, _, lvl, _ in pts if lvl is not None)
    if line:
        parts.append(f'<polyline points="{line}" fill="none" stroke="#2f6fb0" stroke-width="2"/>')
    for x, y, wk, lvl, n in pts:
        parts.append(f'<text x="{x:.0f}" y="{h - 10}" font-size="10" text-anchor="middle" fill="#555">'
                     f'{wk:%m-%d}</text>')
        if lvl is not None:
            parts.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="3.5" fill="#2f6fb0"><title>{wk}: '
                         f'mean level {lvl:.2f} over {n} call(s)</title></circle>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" '
            f'aria-label="mean resolution level per week">{"".join(parts)}</svg>')


def _svg_bars(items: tuple[tuple[str, int], ...]) -> str:
    w, bar, gap, label_w = 560, 18, 6, 150
    top = max((v for _, v in items), default=1) or 1
    parts = []
    for i, (name, value) in enumerate(items):
        y = i * (bar + gap)
        length = (w - label_w - 40) * value / top
        parts.append(f'<text x="0" y="{y + 13}" font-size="12">{escape(name)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{length:.0f}" height="{bar}" fill="#7aa6d6"/>'
                     f'<text x="{label_w + length + 4:.0f}" y="{y + 13}" font-size="12">{value}</text>')
    height = max(1, len(items)) * (bar + gap)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" role="img" '
            f'aria-label="calls per complaint category">{"".join(parts)}</svg>')


def _example_html(e: Example) -> str:
    at = "" if e.at_s is None else f" at {e.at_s:.0f} s"
    quote = f'<span class="quote">“{escape(e.quote)}”</span>' if e.quote else ""
    return (f'<li><span class="id" title="{escape(e.call_id)}">{escape(e.call_id[:12])}</span> '
            f'{escape(e.agent)}, {escape(e.call_time)}{at}: {quote}</li>')


def render_html(report: WeeklyReport) -> str:
    """The report as one HTML document (inline CSS and SVG; every value from the data escaped)."""
    r, out = report, []
    title = f"callqa weekly report: {r.team}, week of {r.week_start:%Y-%m-%d}"
    out.append(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
               f"<style>{_CSS}</style></head><body><h1>{escape(title)}</h1>"
               f'<p class="sub">{r.week_start:%a %Y-%m-%d} – {r.week_end:%a %Y-%m-%d} · {r.calls} call(s) · '
               f"generated {datetime.now():%Y-%m-%d %H:%M} from {escape(r.source)}</p>")
    if not r.calls:
        out.append(f'<p class="empty">No calls of team {escape(r.team)} in this week.</p>')
    out.append("<h2>KPIs against the previous week</h2><table><tr><th>measure</th>"
               '<th class="n">this week</th><th class="n">previous week</th><th class="n">change</th><th></th></tr>')
    for k in r.kpis:
        out.append(f'<tr><td>{escape(k.label)}</td><td class="n">{k.text(k.this_week)}</td>'
                   f'<td class="n">{k.text(k.last_week)}</td><td class="n">{k.delta}</td>'
                   f'<td class="{k.change}">{k.change}</td></tr>')
    out.append(f"</table><h2>Mean resolution level, last {TREND_WEEKS} weeks</h2>{_svg_trend(r.trend)}")
    out.append("<h2>Agents this week</h2>")
    if r.agents:
        cols = [c for c in KPIS if c[0] not in ("unreliable_rate", "agent_politeness")]
        out.append("<table><tr><th>agent</th>" + "".join(f'<th class="n">{escape(c[1])}</th>' for c in cols)
                   + "</tr>")
        for a in r.agents:
            out.append(f"<tr><td>{escape(a['agent'])}</td>" + "".join(
                f'<td class="n">{"–" if a.get(c) is None else fmt.format(a[c])}</td>' for c, _, fmt, _ in cols)
                + "</tr>")
        out.append("</table>")
    else:
        out.append('<p class="empty">No agent calls this week.</p>')
    out.append("<h2>Complaint categories</h2>")
    out.append(_svg_bars(r.categories) if r.categories else '<p class="empty">No scored calls.</p>')
    out.append("<h2>Top violations</h2>")
    if not r.violations:
        out.append('<p class="empty">No violations this week.</p>')
    for v in r.violations:
        out.append(f"<h3>{escape(v.code)}: {v.occurrences} occurrence(s) in {v.calls} call(s)</h3><ul>"
                   + "".join(_example_html(e) for e in v.examples) + "</ul>")
    out.append("<h2>惊喜级 highlights</h2>")
    out.append("<ul>" + "".join(_example_html(e) for e in r.highlights) + "</ul>" if r.highlights
               else '<p class="empty">No 惊喜级 (surprise-level) calls this week.</p>')
    out.append('<p class="sub">Scores are machine scores (callqa rubric). Call ids are shortened to 12 '
               "characters (hover for the full id); search them in the listening room.</p></body></html>")
    return "\n".join(out)


def write_weekly_report(store, team: str, week_start: date, out_path: str | Path) -> Path:
    """Write one team's weekly report as a self-contained HTML file; returns its path.

    The file is written under a temporary name and renamed into place.
    """
    import os

    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    html = render_html(build_weekly_report(store, team, week_start))
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
