"""Reading a termly list of eligible 2-year-olds (a CSV like the one DWP sends councils), row
by row: each row is either a child to keep or a reason it was refused.

The columns are README.md's "The 2-year-old offer list". Headers are matched without regard to
case, spaces or order; other columns are ignored. A reason names the column that is wrong and
never repeats its value, so the import report holds no personal data. Bytes that are not text
(invalid UTF-8, a NUL byte) refuse only the row they are in.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from familyhub.earlyeducation import rules
from familyhub.earlyeducation.rules import Term

REQUIRED = (
    "parent_name",
    "ni_number",
    "address_1",
    "postcode",
    "child_first_name",
    "child_last_name",
    "child_date_of_birth",
)
OPTIONAL = ("address_2", "address_3", "email", "mobile", "language")
COLUMNS = REQUIRED + OPTIONAL
MAX_LENGTH = {
    "parent_name": 200,
    "ni_number": 13,
    "address_1": 200,
    "address_2": 200,
    "address_3": 200,
    "postcode": 10,
    "child_first_name": 100,
    "child_last_name": 100,
    "child_date_of_birth": 10,
    "email": 254,
    "mobile": 20,
    "language": 20,
}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
# What the language column may say, and the language the invitation is written in.
LANGUAGES = {
    "": "en-gb",
    "en": "en-gb",
    "en-gb": "en-gb",
    "english": "en-gb",
    "bn": "bn",
    "bengali": "bn",
    "sylheti": "bn",  # Sylheti speakers read Bengali (design/domain.md)
    "so": "so",
    "somali": "so",
}
_MOBILE = re.compile(r"^(?:\+44|0044|0)7\d{9}$")
# csv's own limit on one field, well above any column's maximum length.
csv.field_size_limit(1_000_000)


class ListUnreadable(ValueError):
    """The whole file cannot be read as a list (no header, a missing column)."""


@dataclass(frozen=True)
class ListedChild:
    """One good row, cleaned."""

    row: int
    parent_name: str
    ni_number: str
    address_1: str
    address_2: str
    address_3: str
    postcode: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    email: str
    mobile: str
    language: str


def _header(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def rows_of(data: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: value}) for each row after the header; row 1 is the header.

    Raises ListUnreadable when the header lacks a required column."""
    text = data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ListUnreadable(_("The file is not a CSV file")) from error
    header = [_header(name) for name in (records[0] if records else [])]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ListUnreadable(
            _("The file's first row must name the columns. Missing: %(columns)s")
            % {"columns": ", ".join(missing)}
        )
    # Numbered as a spreadsheet shows them: the header is row 1, a blank row still counts.
    for number, values in enumerate(records[1:], start=2):
        if any(value.strip() for value in values):
            yield (
                number,
                {
                    name: value
                    for name, value in zip(header, values, strict=False)
                    if name in COLUMNS
                },
            )


def _unstorable(value: str) -> bool:
    """A NUL byte, or bytes that were not UTF-8 (decoded as lone surrogates)."""
    return "\x00" in value or any("\udc80" <= char <= "\udcff" for char in value)


def _date(value: str) -> dt.date | None:
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, form).date()
        except ValueError:
            continue
    return None


def check(row: int, values: dict[str, str], term: Term) -> ListedChild | str:
    """The row as a child to keep, or the reason it is refused."""
    if any(_unstorable(value) for value in values.values()):
        return _("The row has characters that are not text (a NUL byte or invalid UTF-8)")
    data = {column: " ".join(values.get(column, "").split()) for column in COLUMNS}
    for column in REQUIRED:
        if not data[column]:
            return _("%(column)s is empty") % {"column": column}
    for column, longest in MAX_LENGTH.items():
        if len(data[column]) > longest:
            return _("%(column)s is longer than %(n)s characters") % {
                "column": column,
                "n": longest,
            }
    ni_number = rules.normalise_ni_number(data["ni_number"])
    if not rules.is_ni_number(ni_number):
        return _("ni_number is not a National Insurance number")
    born = _date(data["child_date_of_birth"])
    if born is None:
        return _("child_date_of_birth is not a date (DD/MM/YYYY)")
    if not rules.is_two_in(born, term):
        return _("The child is not 2 in %(term)s (by child_date_of_birth)") % {"term": term}
    email = data["email"]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            return _("email is not an email address")
    mobile = re.sub(r"[\s()-]", "", data["mobile"])
    if mobile and not _MOBILE.match(mobile):
        return _("mobile is not a UK mobile number")
    language = LANGUAGES.get(data["language"].lower())
    if language is None:
        return _("language must be en, bn or so (or blank for English)")
    return ListedChild(
        row=row,
        parent_name=data["parent_name"],
        ni_number=ni_number,
        address_1=data["address_1"],
        address_2=data["address_2"],
        address_3=data["address_3"],
        postcode=data["postcode"],
        first_name=data["child_first_name"],
        last_name=data["child_last_name"],
        date_of_birth=born,
        email=email,
        mobile=mobile,
        language=language,
    )
