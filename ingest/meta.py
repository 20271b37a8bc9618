"""Per-call metadata from text: manifest cells and file names, checked field by field.

A value that cannot be understood is an error (``ValueError`` naming the field and the value), never
silently dropped: a call stored with a wrong agent channel or without its date is worse than a call
refused with a reason that says what to fix.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from typing import Any, Mapping

from callqa.errors import SettingError
from callqa.records import LANGUAGES, CallMeta

META_FIELDS = tuple(f.name for f in dataclasses.fields(CallMeta))
DIRECTIONS = ("inbound", "outbound")
_CHANNELS = {"0": 0, "1": 1, "left": 0, "right": 1, "l": 0, "r": 1}
_COMPACT_TIMES = {14: "%Y%m%d%H%M%S", 12: "%Y%m%d%H%M", 8: "%Y%m%d"}


def parse_meta(values: Mapping[str, Any]) -> CallMeta:
    """A CallMeta from raw values (strings from a CSV cell or a file name, or JSON scalars).

    Keys outside CallMeta's fields are ignored (the caller reports them); empty values are None.
    Raises ValueError naming the first field whose value is wrong.
    """
    clean: dict[str, Any] = {}
    for name in META_FIELDS:
        value = values.get(name)
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            continue
        clean[name] = _PARSERS.get(name, _text)(name, value)
    return CallMeta(**clean)


def merge_meta(*metas: CallMeta | None) -> CallMeta:
    """Field by field, the last non-empty value wins (file name, then file, then manifest row)."""
    merged: dict[str, Any] = {}
    for meta in metas:
        if meta is not None:
            merged.update({k: v for k, v in dataclasses.asdict(meta).items() if v is not None})
    return CallMeta(**merged)


def compile_pattern(pattern: str) -> re.Pattern | None:
    """The ``filename_pattern`` setting compiled and checked, or None when it is empty."""
    if not pattern:
        return None
    try:
        compiled = re.compile(pattern)
    except re.error as err:
        raise SettingError(f"setting 'filename_pattern' is not a valid regular expression ({err})") from err
    unknown = sorted(set(compiled.groupindex) - set(META_FIELDS))
    if unknown:
        raise SettingError(f"setting 'filename_pattern' has unknown group(s) {', '.join(unknown)}; "
                           f"known: {', '.join(META_FIELDS)}")
    return compiled


def meta_from_filename(name: str, pattern: str | re.Pattern | None) -> CallMeta:
    """Metadata read from a file name by the named groups of ``pattern`` (searched, not anchored).

    A name the pattern does not match gives empty metadata; a matched value that makes no sense
    (a date that is not one) raises ValueError.
    """
    compiled = compile_pattern(pattern) if isinstance(pattern, str) else pattern
    if compiled is None:
        return CallMeta()
    found = compiled.search(name)
    return parse_meta(found.groupdict()) if found else CallMeta()


def _text(name: str, value: Any) -> str:
    if isinstance(value, (dict, list, bool)):
        raise ValueError(f"{name} must be text, not {value!r}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 1017.0 from a spreadsheet is the id 1017
    return str(value)


def _started_at(name: str, value: Any) -> datetime:
    text = _text(name, value)
    fmt = _COMPACT_TIMES.get(len(text)) if text.isdigit() else None
    try:
        if fmt:
            return datetime.strptime(text, fmt)
        return datetime.fromisoformat(re.sub(r"^(\d{8})[_-](\d{4,6})$", r"\1T\2", text))
    except ValueError:
        raise ValueError(f"{name} is not an ISO 8601 date-time: {text!r}") from None


def _one_of(choices: tuple[str, ...]):
    def parse(name: str, value: Any) -> str:
        text = _text(name, value).lower()
        if text not in choices:
            raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
        return text
    return parse


def _agent_channel(name: str, value: Any) -> int:
    text = _text(name, value).lower()
    if text not in _CHANNELS:
        raise ValueError(f"{name} must be 0, 1, left or right, not {value!r}")
    return _CHANNELS[text]


_PARSERS = {
    "started_at": _started_at,
    "direction": _one_of(DIRECTIONS),
    "language": _one_of(LANGUAGES),
    "agent_channel": _agent_channel,
}
