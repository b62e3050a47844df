"""The ORUK (HSDS UK profile 3.0) contract as committed in `contract/`, and validators from it.

The app reads its own copy so that serving the OpenAPI document, validating imports and testing
never depend on a checkout of the shared reference files.
"""

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

CONTRACT_DIR = Path(__file__).resolve().parent / "contract"

# The compiled record schemas, by the short name the profile's own relative $refs use.
RECORD_SCHEMAS = (
    "service",
    "service_list",
    "service_at_location",
    "service_at_location_list",
    "taxonomy",
    "taxonomy_term",
    "organization",
    "organization_list",
)


@cache
def contract(name: str) -> dict[str, Any]:
    """One contract file, e.g. contract("service") for schema-service.json (read once)."""
    return json.loads((CONTRACT_DIR / f"schema-{name}.json").read_text(encoding="utf-8"))


def page_schema() -> dict[str, Any]:
    """The page envelope every list endpoint answers with, as the contract defines it."""
    return contract("openapi")["components"]["schemas"]["Page"]


@cache
def _registry() -> Registry:
    # schema-taxonomy.json refers to "taxonomy_term.json" relatively; register every record
    # schema under that name so such references resolve offline.
    resources = [
        (f"{name}.json", Resource.from_contents(contract(name), default_specification=DRAFT202012))
        for name in RECORD_SCHEMAS
    ]
    return Registry().with_resources(resources)


def _is_uri(value: object) -> bool:
    # jsonschema only checks "uri" when an optional package is installed; an absolute URI with a
    # scheme is what ORUK consumers follow, so check that much ourselves.
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in {"mailto", "tel", "urn"})


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    # RFC 3339 date-times carry an offset.
    return "T" in value.upper() and parsed.tzinfo is not None


def format_checker() -> FormatChecker:
    """A FormatChecker that checks uuid, email, date, uri and date-time whatever is installed."""
    checker = FormatChecker()
    checker.checks("uri")(_is_uri)
    checker.checks("date-time")(_is_date_time)
    return checker


@cache
def validator(name: str) -> Draft202012Validator:
    """A format-checking Draft 2020-12 validator for one record schema, e.g. "service"."""
    return Draft202012Validator(
        contract(name), registry=_registry(), format_checker=format_checker()
    )


def page_validator() -> Draft202012Validator:
    return Draft202012Validator(page_schema(), format_checker=format_checker())
