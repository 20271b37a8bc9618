"""Metadata from text: field checks and file-name patterns."""

from __future__ import annotations

from datetime import datetime

import pytest

from callqa.errors import SettingError
from callqa.records import CallMeta
from ingest import meta_from_filename, parse_meta
from ingest.meta import merge_meta


@pytest.mark.parametrize("text, expected", [
    ("2026-03-02T14:05:09", datetime(2026, 3, 2, 14, 5, 9)),
    ("2026-03-02 14:05", datetime(2026, 3, 2, 14, 5)),
    ("2026-03-02", datetime(2026, 3, 2)),
    ("20260302T140509", datetime(2026, 3, 2, 14, 5, 9)),
    ("20260302_140509", datetime(2026, 3, 2, 14, 5, 9)),
    ("20260302140509", datetime(2026, 3, 2, 14, 5, 9)),
    ("20260302", datetime(2026, 3, 2)),
])
def test_started_at_forms(text, expected):
    assert parse_meta({"started_at": text}).started_at == expected


@pytest.mark.parametrize("values, message", [
    ({"started_at": "02/03/2026"}, "started_at is not an ISO 8601 date-time: '02/03/2026'"),
    ({"started_at": "2026-13-01"}, "started_at is not an ISO 8601 date-time"),
    ({"direction": "in"}, "direction must be one of inbound, outbound, not 'in'"),
    ({"language": "fr"}, "language must be one of zh, en, not 'fr'"),
    ({"agent_channel": 2}, "agent_channel must be 0, 1, left or right, not 2"),
    ({"agent_id": {"id": 1}}, "agent_id must be text"),
    ({"agent_id": True}, "agent_id must be text"),
])
def test_wrong_values_are_named(values, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_meta(values)


def test_values_are_cleaned():
    meta = parse_meta({"agent_id": 1017.0, "agent_channel": " Right ", "direction": "OUTBOUND",
                       "language": "EN", "team": "  ", "queue": None, "unknown": "x"})
    assert meta == CallMeta(agent_id="1017", agent_channel=1, direction="outbound", language="en")


def test_merge_keeps_the_last_value_given():
    merged = merge_meta(CallMeta(agent_id="A1", team="North"), None, CallMeta(team="South"))
    assert merged == CallMeta(agent_id="A1", team="South")


def test_meta_from_filename():
    pattern = r"^(?P<queue>[a-z]+)-(?P<customer_id>C\d+)-(?P<started_at>\d{8}_\d{6})-ch(?P<agent_channel>[01])"
    meta = meta_from_filename("billing-C778-20260105_093000-ch1.wav", pattern)
    assert meta == CallMeta(queue="billing", customer_id="C778",
                            started_at=datetime(2026, 1, 5, 9, 30), agent_channel=1)
    assert meta_from_filename("unrelated name.wav", pattern) == CallMeta()
    assert meta_from_filename("billing-C1-20260105_093000-ch1.wav", "") == CallMeta()


def test_optional_groups_that_did_not_match_are_empty():
    meta = meta_from_filename("A7.wav", r"(?P<agent_id>A\d+)(_(?P<team>\w+))?\.wav")
    assert meta == CallMeta(agent_id="A7")


def test_bad_patterns_are_setting_errors():
    with pytest.raises(SettingError, match="unknown group"):
        meta_from_filename("x.wav", r"(?P<agent>\w+)")
    with pytest.raises(SettingError, match="not a valid regular expression"):
        meta_from_filename("x.wav", r"(?P<agent_id>\w+")
