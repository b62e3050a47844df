"""Dates in the reader's language: the names of days and months are Bengali or Somali on those
pages (Django ships no Somali names: familyhub/calendar_words.py and locale/so give them), and
the digits are Latin in every language."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.formats import date_format

from familyhub import calendar_words

TUESDAY_1_DECEMBER = dt.date(2026, 12, 1)
# Somali's names that are spelt as the English ones are.
SPELT_THE_SAME = {"so": {"May", "may", "jan", "feb", "mar", "jun"}}


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en-gb", "Tuesday 1 December 2026"),
        ("bn", "মঙ্গলবার 1 ডিসেম্বর 2026"),
        ("so", "Talaado 1 Desembar 2026"),
    ],
)
def test_a_date_as_the_pages_write_it(language, written):
    with translation.override(language):
        assert date_format(TUESDAY_1_DECEMBER, "l j F Y") == written


@pytest.mark.parametrize("language", ["bn", "so"])
def test_every_day_and_month_has_its_name_in_the_language(language):
    names = [*calendar_words.DAYS, *calendar_words.MONTHS, *calendar_words.SHORT_MONTHS]
    with translation.override("en-gb"):
        english = [str(name) for name in names]
    with translation.override(language):
        translated = [str(name) for name in names]

    untranslated = [
        word
        for word, there in zip(english, translated, strict=True)
        if word == there and word not in SPELT_THE_SAME.get(language, set())
    ]
    assert not untranslated
