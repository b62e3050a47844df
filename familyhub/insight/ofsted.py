"""Ofsted's early help list: list 2 of Annex A to the inspection of local authority children's
services (ILACS), as its template has it.

"All early help assessments in the six months before the date of inspection. Also, current early
help interventions that are being coordinated through the local authority." One row per child
and assessment, with the columns and codes of the template: the common child columns of every
list (unique ID, gender, ethnicity, date of birth, age) and the list's own three.
"""

import calendar
import datetime as dt

from familyhub.families.models import Ethnicity, Sex

COLUMNS = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Assessment start date",
    "Assessment completion date",
    "Organisation completing assessment",
]

# The template's dates are day/month/year.
DATE_FORMAT = "%d/%m/%Y"
WINDOW_MONTHS = 6

GENDER = {
    Sex.MALE: "a) Male",
    Sex.FEMALE: "b) Female",
    Sex.UNKNOWN: "c) Not stated/recorded",
}

# The record keeps the 2021 Census groups; the template keeps the children in need census codes.
ETHNICITY = {
    Ethnicity.WHITE_BRITISH: "a) WBRI",
    Ethnicity.WHITE_IRISH: "b) WIRI",
    # The census's "Gypsy or Irish Traveller" is two groups in the template: a child recorded
    # that way is coded Gypsy/Roma, the group whose name the census label shares; a worker who
    # knows the child is of Irish Traveller heritage corrects it in the spreadsheet.
    Ethnicity.WHITE_GYPSY_TRAVELLER: "e) WROM",
    Ethnicity.WHITE_ROMA: "e) WROM",
    Ethnicity.WHITE_OTHER: "d) WOTH",
    Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN: "f) MWBC",
    Ethnicity.MIXED_WHITE_BLACK_AFRICAN: "g) MWBA",
    Ethnicity.MIXED_WHITE_ASIAN: "h) MWAS",
    Ethnicity.MIXED_OTHER: "i) MOTH",
    Ethnicity.ASIAN_INDIAN: "j) AIND",
    Ethnicity.ASIAN_PAKISTANI: "k) APKN",
    Ethnicity.ASIAN_BANGLADESHI: "l) ABAN",
    Ethnicity.ASIAN_OTHER: "m) AOTH",
    Ethnicity.BLACK_CARIBBEAN: "n) BCRB",
    Ethnicity.BLACK_AFRICAN: "o) BAFR",
    Ethnicity.BLACK_OTHER: "p) BOTH",
    Ethnicity.ASIAN_CHINESE: "q) CHNE",
    Ethnicity.OTHER_ARAB: "r) OOTH",
    Ethnicity.OTHER_ANY: "r) OOTH",
    Ethnicity.PREFER_NOT_TO_SAY: "s) REFU",
    Ethnicity.NOT_ASKED: "s) NOBT",
}


def window(ending: dt.date) -> tuple[dt.date, dt.date]:
    """The six months the list covers, ending on (and including) `ending`: from the day after
    the same date six months before (the last day of that month when it is shorter)."""
    years, month = divmod(ending.month - 1 - WINDOW_MONTHS, 12)
    year = ending.year + years
    day = min(ending.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day) + dt.timedelta(days=1), ending


def age_in_years(*, born: dt.date | None, due: dt.date | None, on: dt.date) -> int | None:
    """Age at the last birthday on `on`, as the template asks; -1 for an unborn child; None when
    the date of birth is not known."""
    if due is not None or (born is not None and born > on):
        return -1
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def day_month_year(day: dt.date | None) -> str:
    return day.strftime(DATE_FORMAT) if day else ""
