"""Importing another publisher's ORUK JSON: find the services in it, check each, merge the good.

Accepted shapes: one fully nested service, a list page (`contents`), a list of services, or an
organization with nested `services`; a directory is every *.json file in it. Records keep the
publisher's UUIDs, so a second run updates what the first created and never duplicates.

Each service is checked (the profile's JSON Schema, then our own rules) and merged in its own
transaction: a bad record is reported with the reason and skipped, the rest are kept.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from familyhub.directory.oruk.merge import (
    MergeError,
    merge_organisation,
    merge_service,
    parse_clock,
)
from familyhub.directory.oruk.schemas import validator
from familyhub.directory.search_index import search_entries_refresh
from familyhub.places.models import LocalAuthority


@dataclass
class ImportReport:
    """What an import did: counts by kind of record, and why anything was skipped."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, kind: str, created: bool) -> None:
        tally = self.created if created else self.updated
        tally[kind] = tally.get(kind, 0) + 1

    def summary(self) -> str:
        def fmt(tally: dict[str, int]) -> str:
            return ", ".join(f"{n} {kind}" for kind, n in sorted(tally.items())) or "nothing"

        return (
            f"Created {fmt(self.created)}. Updated {fmt(self.updated)}. "
            f"Skipped {len(self.skipped)} service(s)."
        )


@dataclass(frozen=True)
class Found:
    """One service record in the input, with the organization it was nested in, if any."""

    service: dict[str, Any]
    organization: dict[str, Any] | None
    source: str


def _records(data: Any, source: str) -> Iterator[Found | dict[str, Any]]:
    """Services in a document, and organizations that stand alone (with or without services)."""
    if isinstance(data, list):
        for item in data:
            yield from _records(item, source)
    elif isinstance(data, dict) and isinstance(data.get("contents"), list):
        yield from _records(data["contents"], source)
    elif isinstance(data, dict) and isinstance(data.get("services"), list):
        organization = {key: value for key, value in data.items() if key != "services"}
        yield organization
        for service in data["services"]:
            yield Found(service, organization, source)
    elif isinstance(data, dict):
        yield Found(data, None, source)


def _label(record: dict[str, Any]) -> str:
    return f"service {record.get('id', '(no id)')} {record.get('name', '(no name)')!r}"


def problems(record: dict[str, Any]) -> list[str]:
    """Why a service record cannot be imported; empty if it can."""
    found = [
        f"{'/'.join(map(str, error.absolute_path)) or 'record'}: {error.message}"
        for error in validator("service").iter_errors(record)
    ][:5]
    if found:
        return found
    for key in ("name", "description"):
        if not str(record.get(key) or "").strip():
            found.append(f"{key} is missing")
    ages = [record.get("minimum_age"), record.get("maximum_age")]
    for key, age in zip(("minimum_age", "maximum_age"), ages, strict=True):
        if age is not None and (age < 0 or age != int(age) or age > 150):
            found.append(f"{key} {age} is not a whole number of years from 0 to 150")
    if None not in ages and ages[0] > ages[1]:
        found.append(f"minimum_age {ages[0]} is above maximum_age {ages[1]}")
    for session in _all_schedules(record):
        opens, closes = session.get("opens_at"), session.get("closes_at")
        if opens is None and closes is None:
            continue  # sessions without times are skipped with a warning, not refused
        start, end = parse_clock(opens), parse_clock(closes)
        if start is None or end is None:
            found.append(f"schedule {session['id']}: times {opens!r}-{closes!r} are not hh:mm:ss")
        elif start >= end:
            found.append(f"schedule {session['id']}: opens at {opens} but closes at {closes}")
    if not (record.get("organization") or record.get("organization_id")):
        found.append("no organization given")
    return found


def _all_schedules(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from record.get("schedules") or []
    for sal in record.get("service_at_locations") or []:
        yield from sal.get("schedules") or []


def import_data(data: Any, local_authority: LocalAuthority, source: str = "input") -> ImportReport:
    """Merge every organization and service found in already-parsed ORUK JSON."""
    report = ImportReport()
    for found in _records(data, source):
        if not isinstance(found, Found):
            _import_organisation(found, local_authority, report, source)
            continue
        record = found.service
        if not isinstance(record, dict):
            report.skipped.append(f"{source}: a service is not a JSON object")
            continue
        if found.organization and not record.get("organization"):
            record = {**record, "organization": found.organization}
        reasons = problems(record)
        if reasons:
            report.skipped.append(f"{source}: {_label(record)}: " + "; ".join(reasons))
            continue
        try:
            with transaction.atomic():
                service = merge_service(record, local_authority, report)
                search_entries_refresh(service_ids=[service.pk])
        except MergeError as error:
            report.skipped.append(f"{source}: {_label(record)}: {error}")
    return report


def _import_organisation(
    record: dict[str, Any], la: LocalAuthority, report: ImportReport, source: str
) -> None:
    errors = [e.message for e in validator("organization").iter_errors(record)][:3]
    if errors:
        report.skipped.append(f"{source}: organization {record.get('id')}: " + "; ".join(errors))
        return
    try:
        with transaction.atomic():
            merge_organisation(record, la, report)
    except MergeError as error:
        report.skipped.append(f"{source}: organization {record.get('id')}: {error}")


def import_path(path: Path, local_authority: LocalAuthority) -> ImportReport:
    """Import one ORUK JSON file, or every *.json file in a directory (in name order)."""
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    report = ImportReport()
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            report.skipped.append(f"{file.name}: cannot be read as JSON: {error}")
            continue
        part = import_data(data, local_authority, source=file.name)
        for kind, n in part.created.items():
            report.created[kind] = report.created.get(kind, 0) + n
        for kind, n in part.updated.items():
            report.updated[kind] = report.updated.get(kind, 0) + n
        report.skipped += part.skipped
        report.warnings += part.warnings
    return report
