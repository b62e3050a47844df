"""Reading a notifications file: the columns, and each row checked into a `Row` or refused with
a reason a person can act on. Nothing here writes; services.notifications_import does.

The columns (README.md, "Birth and pregnancy notifications"), in any order, header names as
written, upper or lower case:

    notification_type     pregnancy or birth
    notifying_service     e.g. Royal London Hospital maternity
    notified_date         DD/MM/YYYY or YYYY-MM-DD (so are all dates)
    parent_given_name, parent_family_name, parent_date_of_birth (optional)
    parent_nhs_number     the birth parent's, required: it is what ties a birth to its pregnancy
    baby_nhs_number       optional
    baby_given_name, baby_family_name   optional
    baby_sex              female, male or unknown (F, M, U); optional
    baby_date_of_birth    required for a birth
    due_date              required for a pregnancy
    multiple_birth_order  1 unless a twin (2), triplet (3)…; optional
    address_line_1, address_line_2, town, postcode
    phone, email
    preferred_language    en, bn, so or another ISO code (messages go in English then)
    preferred_contact     email or sms (text message); the matching column must be filled in
"""

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from familyhub.families.identifiers import normalise_nhs_number
from familyhub.families.models import Sex
from familyhub.places.rules import PostcodeError, normalise_postcode

COLUMNS = (
    "notification_type",
    "notifying_service",
    "notified_date",
    "parent_given_name",
    "parent_family_name",
    "parent_date_of_birth",
    "parent_nhs_number",
    "baby_nhs_number",
    "baby_given_name",
    "baby_family_name",
    "baby_sex",
    "baby_date_of_birth",
    "due_date",
    "multiple_birth_order",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "email",
    "preferred_language",
    "preferred_contact",
)
REQUIRED_COLUMNS = frozenset(
    {"notification_type", "notified_date", "parent_family_name", "parent_nhs_number", "postcode"}
)
# The longest any one value may be: the longest field it is stored in.
MAX_LENGTHS = {"email": 254, "notifying_service": 100, "address_line_1": 200, "address_line_2": 200}
DEFAULT_MAX_LENGTH = 100
MESSAGE_LANGUAGES = {"en": "en-gb", "en-gb": "en-gb", "bn": "bn", "so": "so"}
SEXES = {"f": Sex.FEMALE, "female": Sex.FEMALE, "m": Sex.MALE, "male": Sex.MALE}
SEXES |= {"u": Sex.UNKNOWN, "unknown": Sex.UNKNOWN, "": Sex.UNKNOWN}
MOST_IN_A_MULTIPLE_BIRTH = 8
# A due date more than this far ahead is not a pregnancy yet being notified (nor a typo'd year).
LONGEST_PREGNANCY = dt.timedelta(weeks=44)
# What the csv reader was given in place of what cannot be text (see `text_lines`).
UNREADABLE = "\ufffd"


class RowError(ValueError):
    """Why a row was refused, in plain English."""


@dataclass(frozen=True)
class Row:
    """One notification, checked."""

    number: int
    kind: str
    notifying_service: str
    notified_on: dt.date
    parent_given_name: str
    parent_family_name: str
    parent_date_of_birth: dt.date | None
    parent_nhs_number: str
    baby_nhs_number: str
    baby_given_name: str
    baby_family_name: str
    baby_sex: str
    born_on: dt.date | None
    due_date: dt.date | None
    order: int
    address_1: str
    address_2: str
    town: str
    postcode: str
    channel: str
    contact: str
    language: str


def text_lines(chunks: Iterable[bytes]) -> Iterator[str]:
    """The file's lines as text, one at a time (the file is never read whole). Bytes that are
    not UTF-8, and NUL bytes, become U+FFFD, which refuses the row they are in."""
    first = True
    for raw in chunks:
        line = raw.decode("utf-8", errors="replace").replace("\x00", UNREADABLE)
        if first:
            line = line.removeprefix("\ufeff")  # a spreadsheet's byte order mark
            first = False
        yield line


def header_problem(header: Sequence[str] | None) -> str:
    """What is wrong with the header row, or "" if every required column is there."""
    if not header:
        return "The file is empty."
    missing = sorted(REQUIRED_COLUMNS - {name.strip().lower() for name in header})
    if missing:
        return "The file has no column " + ", ".join(missing) + "."
    return ""


def _date(value: str, column: str) -> dt.date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise RowError(f"{column} is not a date like 31/01/2026.")


def _optional_date(value: str, column: str) -> dt.date | None:
    return _date(value, column) if value else None


def _nhs(value: str, column: str) -> str:
    try:
        return normalise_nhs_number(value)
    except ValueError as error:
        raise RowError(f"{column}: {error}.") from error


def _clean(raw: dict[str | None, str | list[str] | None]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, value in raw.items():
        if name is None or not isinstance(value, str):
            raise RowError("The row has more values than the header has columns.")
        if UNREADABLE in value:
            raise RowError(
                f"{name.strip()} has characters that cannot be read (not UTF-8 text, or a NUL)."
            )
        key, text = name.strip().lower(), value.strip()
        if len(text) > MAX_LENGTHS.get(key, DEFAULT_MAX_LENGTH):
            raise RowError(f"{key} is too long.")
        values[key] = text
    return values


def _contact(values: dict[str, str]) -> tuple[str, str]:
    channel = values.get("preferred_contact", "").lower().replace("text", "sms") or "sms"
    if channel not in ("email", "sms"):
        raise RowError("preferred_contact must be email or sms.")
    if channel == "email":
        email = values.get("email", "")
        try:
            validate_email(email)
        except ValidationError as error:
            raise RowError("email is not an email address, and email was chosen.") from error
        return channel, email
    phone = values.get("phone", "")
    digits = re.sub(r"[\s()-]", "", phone).removeprefix("+44")
    digits = "0" + digits if digits.startswith("7") else digits
    if not re.fullmatch(r"07\d{9}", digits):
        raise RowError("phone is not a UK mobile number, and a text message was chosen.")
    return channel, phone


def _dates(values: dict[str, str], kind: str, today: dt.date) -> tuple[dt.date | None, ...]:
    born_on = _optional_date(values.get("baby_date_of_birth", ""), "baby_date_of_birth")
    due_date = _optional_date(values.get("due_date", ""), "due_date")
    if kind == "birth":
        if born_on is None:
            raise RowError("A birth needs baby_date_of_birth.")
        if born_on > today:
            raise RowError("baby_date_of_birth is in the future.")
        return born_on, None
    if due_date is None:
        raise RowError("A pregnancy needs due_date.")
    if due_date > today + LONGEST_PREGNANCY:
        raise RowError("due_date is more than 44 weeks away.")
    return None, due_date


def row_parse(number: int, raw: dict, *, today: dt.date) -> Row:
    """The row checked, or RowError saying what is wrong with it (the first thing found)."""
    values = _clean(raw)
    kind = values.get("notification_type", "").lower()
    if kind not in ("pregnancy", "birth"):
        raise RowError("notification_type must be pregnancy or birth.")
    notified_on = _date(values.get("notified_date", ""), "notified_date")
    if notified_on > today:
        raise RowError("notified_date is in the future.")
    if not values.get("parent_family_name"):
        raise RowError("parent_family_name is empty.")
    born_on, due_date = _dates(values, kind, today)
    order_text = values.get("multiple_birth_order", "") or "1"
    if not order_text.isdigit() or not 1 <= int(order_text) <= MOST_IN_A_MULTIPLE_BIRTH:
        raise RowError("multiple_birth_order must be a number from 1 to 8.")
    sex = SEXES.get(values.get("baby_sex", "").lower())
    if sex is None:
        raise RowError("baby_sex must be female, male or unknown.")
    try:
        postcode = normalise_postcode(values.get("postcode", ""))
    except PostcodeError as error:
        raise RowError(f"postcode: {error}.") from error
    channel, contact = _contact(values)
    baby_nhs = values.get("baby_nhs_number", "")
    return Row(
        number=number,
        kind=kind,
        notifying_service=values.get("notifying_service", ""),
        notified_on=notified_on,
        parent_given_name=values.get("parent_given_name", ""),
        parent_family_name=values["parent_family_name"],
        parent_date_of_birth=_optional_date(
            values.get("parent_date_of_birth", ""), "parent_date_of_birth"
        ),
        parent_nhs_number=_nhs(values.get("parent_nhs_number", ""), "parent_nhs_number"),
        baby_nhs_number=_nhs(baby_nhs, "baby_nhs_number") if baby_nhs else "",
        baby_given_name=values.get("baby_given_name", ""),
        baby_family_name=values.get("baby_family_name", ""),
        baby_sex=sex,
        born_on=born_on,
        due_date=due_date,
        order=int(order_text),
        address_1=values.get("address_line_1", ""),
        address_2=values.get("address_line_2", ""),
        town=values.get("town", ""),
        postcode=postcode,
        channel=channel,
        contact=contact,
        language=MESSAGE_LANGUAGES.get(values.get("preferred_language", "").lower(), "en-gb"),
    )
