"""Reading the demo's data files (familyhub/demo/data/, described in its README.md)."""

import csv
import json
from pathlib import Path
from typing import Any

from django.db.models import TextChoices

DATA = Path(__file__).resolve().parent / "data"


class DemoDataError(RuntimeError):
    """The demo data does not fit the database or the models (e.g. a postcode not in the ONSPD)."""


def read_csv(name: str) -> list[dict[str, str]]:
    """The rows of a CSV data file, as dicts keyed by its header, in file order."""
    with (DATA / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def read_json(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as file:
        return json.load(file)


def choice(choices: type[TextChoices], value: str, where: str) -> str:
    """value, if it is one of the model's choices: a typo in a data file fails the load loudly."""
    if value not in choices.values:
        raise DemoDataError(f"{where}: {value!r} is not one of {sorted(choices.values)}")
    return value
