"""Manifests: a CSV file or a JSON list of objects carrying per-call metadata.

Columns: ``file`` (required) and any of agent_id, agent_name, team, started_at (ISO 8601), direction
(inbound|outbound), queue, customer_id, agent_channel (0|1|left|right), language (zh|en), external_id.
Unknown columns are ignored and logged once. CSV rows are numbered as a spreadsheet shows them (the
header is row 1); JSON rows are the list's items counted from 1.

Where files may be: a relative ``file`` is relative to the manifest's folder. Whatever it says, the
file must resolve (symbolic links and ``..`` followed) to a place inside the manifest's folder tree or
inside one of the paths the user named explicitly as inputs; anything else is refused as path
traversal, so a manifest cannot make callqa read ``../../etc/passwd`` or ``/home/other/...``.

A malformed manifest is one failure naming the manifest; a bad row is one failure naming the
manifest and the row, and the file that row names is not ingested until the row is fixed.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from callqa.log import logger
from callqa.records import CallMeta, InputFailure
from ingest.meta import META_FIELDS, parse_meta

KNOWN_COLUMNS = frozenset(META_FIELDS) | {"file"}


@dataclass(frozen=True)
class ManifestRow:
    number: int
    file: Path  # as the manifest names it, joined to the manifest's folder
    meta: CallMeta


@dataclass(frozen=True)
class Manifest:
    path: Path
    rows: tuple[ManifestRow, ...] = ()
    failures: tuple[InputFailure, ...] = ()
    refused: frozenset[str] = field(default_factory=frozenset)  # real paths named by bad rows

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_real_path", {os.path.realpath(row.file): row for row in self.rows})

    def row_for(self, path: str | Path) -> ManifestRow | None:
        return self._by_real_path.get(os.path.realpath(path))

    def refuses(self, path: str | Path) -> bool:
        return os.path.realpath(path) in self.refused


def read_manifest(path: str | Path, allowed_roots: Iterable[str | Path] = ()) -> Manifest:
    """Read a manifest; never raises for its content (problems come back as ``failures``)."""
    path = Path(path)
    try:
        records = _records(path)
    except ValueError as err:
        return Manifest(path, failures=(InputFailure(str(path), str(err)),))
    roots = [os.path.realpath(path.parent)] + [os.path.realpath(r) for r in allowed_roots]
    rows: list[ManifestRow] = []
    failures: list[InputFailure] = []
    refused: set[str] = set()
    first_row: dict[str, int] = {}
    unknown: set[str] = set()
    for number, record in records:
        if isinstance(record, dict):
            unknown |= set(record) - KNOWN_COLUMNS - {"__error__"}
        try:
            row = _row(path, number, record, roots)
        except ValueError as err:
            failures.append(InputFailure(str(path), f"row {number}: {err}"))
            named = record.get("file") if isinstance(record, dict) else None
            if isinstance(named, str) and named.strip():
                refused.add(os.path.realpath(path.parent / named.strip()))
            continue
        key = os.path.realpath(row.file)
        if key in first_row:
            failures.append(InputFailure(str(path), f"row {number}: {row.file} is listed again "
                                                    f"(row {first_row[key]} is used)"))
            continue
        first_row[key] = number
        rows.append(row)
    if unknown:
        logger.info("%s: ignoring unknown column(s) %s", path, ", ".join(sorted(map(str, unknown))))
    return Manifest(path, tuple(rows), tuple(failures), frozenset(refused))


def _records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(row number, raw record) pairs; ValueError when the file as a whole is unusable."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as err:
        raise ValueError(f"cannot read manifest ({err.strerror or err})") from None
    except UnicodeDecodeError:
        raise ValueError("manifest is not UTF-8 text") from None
    if path.suffix.lower() == ".json":
        return _json_records(text)
    return _csv_records(text)


def _json_records(text: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"malformed JSON manifest (line {err.lineno}, column {err.colno}: {err.msg})") from None
    if not isinstance(doc, list):
        raise ValueError("a JSON manifest must be a list of objects, one per call")
    if doc and not any(isinstance(item, dict) and "file" in map(str.lower, map(str, item)) for item in doc):
        raise ValueError("manifest has no 'file' column")
    return [(number, {str(k).strip().lower(): v for k, v in item.items()} if isinstance(item, dict) else item)
            for number, item in enumerate(doc, start=1)]


def _csv_records(text: str) -> list[tuple[int, dict[str, Any]]]:
    if "\x00" in text:
        raise ValueError("malformed CSV manifest (it holds NUL bytes: a binary file?)")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # spreadsheets in some locales write ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        table = [cells for cells in reader]
    except csv.Error as err:
        raise ValueError(f"malformed CSV manifest (line {reader.line_num}: {err})") from None
    if not table or not any(table[0]):
        raise ValueError("manifest is empty (no header row)")
    header = [cell.strip().lower() for cell in table[0]]
    if "file" not in header:
        raise ValueError(f"manifest has no 'file' column (header: {', '.join(header)})")
    records = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        if len(cells) > len(header):
            records.append((number, {"file": _cell(header, cells, "file"),
                                     "__error__": f"{len(cells)} cells but the header has {len(header)}"}))
            continue
        records.append((number, dict(zip(header, cells))))
    return records


def _cell(header: list[str], cells: list[str], name: str) -> str:
    index = header.index(name)
    return cells[index] if index < len(cells) else ""


def _row(manifest: Path, number: int, record: Any, roots: list[str]) -> ManifestRow:
    if not isinstance(record, dict):
        raise ValueError(f"must be an object, not {type(record).__name__}")
    if "__error__" in record:
        raise ValueError(record["__error__"])
    named = record.get("file")
    if not isinstance(named, str) or not named.strip():
        raise ValueError("'file' is empty")
    file = manifest.parent / named.strip()
    real = os.path.realpath(file)
    if not any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
        raise ValueError(f"refused: {named.strip()!r} lies outside the manifest's folder and the inputs named")
    return ManifestRow(number=number, file=file, meta=parse_meta(record))
