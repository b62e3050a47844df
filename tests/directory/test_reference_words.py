"""The names of categories and languages (reference data) are shown in the reader's language on
the public pages; a name the catalogue cannot translate stays English, marked lang="en"."""

import csv
import importlib
import re

import pytest
from django.utils import translation

from familyhub.directory.models import Language, Location, TaxonomyTerm
from familyhub.directory.reference_words import (
    LANGUAGE_NAMES,
    TAXONOMY_TERM_NAMES,
    reference_word,
)
from familyhub.directory.search_index import search_entries_refresh
from familyhub.directory.texts import ReaderText
from tests.directory.reading import read_in
from tests.factories import ScheduleFactory, ServiceAtLocationFactory, TaxonomyTermFactory

reference_data = importlib.import_module("familyhub.directory.migrations.0002_reference_data")

pytestmark = pytest.mark.usefixtures("postcodes")

WORDS = {
    "bn": {"Domestic abuse": "পারিবারিক নির্যাতন", "Arabic": "আরবি"},
    "so": {"Domestic abuse": "Xadgudubka qoyska dhexdiisa", "Arabic": "Carabi"},
}
OWN_CATEGORY = "Walking buses"  # a council's own category: no translation exists
UNSEEDED_LANGUAGE = "Tigrinya"  # not in the seeded list: stays English


@pytest.fixture
def service():
    """A public service at a hub: one national category, one of the council's own, and a
    seeded and an unseeded language."""
    sal = ServiceAtLocationFactory(location__kind=Location.Kind.MAIN_HUB)
    ScheduleFactory(service_at_location=sal)
    own = TaxonomyTermFactory(name=OWN_CATEGORY)
    sal.service.terms.set([TaxonomyTerm.objects.get(name="Domestic abuse"), own])
    sal.service.languages.set(
        [Language.objects.get(code="ar"), Language.objects.create(code="ti", name="Tigrinya")]
    )
    search_entries_refresh(service_ids=[sal.service_id])
    return sal.service


def checkbox_label(page: str, name: str, value: str) -> str:
    """The label of the search filter's checkbox for one value."""
    found = re.search(
        rf'name="{name}" type="checkbox" value="{value}">\s*<label[^>]*>(.*?)</label>', page
    )
    assert found, (name, value)
    return found.group(1)


@pytest.mark.parametrize("language", ["bn", "so"])
def test_the_find_filters_name_categories_and_languages_in_the_readers_language(
    client, service, language
):
    page = read_in(client, language, "/find")
    words = WORDS[language]
    assert checkbox_label(page, "category", "domestic-abuse") == words["Domestic abuse"]
    assert checkbox_label(page, "language", "ar") == words["Arabic"]
    untranslated = f'<span lang="en">{UNSEEDED_LANGUAGE}</span>'
    assert checkbox_label(page, "language", "ti") == untranslated
    assert checkbox_label(page, "category", "walking-buses") == (
        f'<span lang="en">{OWN_CATEGORY}</span>'
    )
    # The filters are no longer declared English as a whole.
    assert 'data-module="govuk-checkboxes" lang="en"' not in page


@pytest.mark.parametrize("language", ["bn", "so"])
def test_a_search_result_names_its_languages_in_the_readers_language(client, service, language):
    page = read_in(client, language, "/find")
    assert f'{WORDS[language]["Arabic"]}, <span lang="en">{UNSEEDED_LANGUAGE}</span>' in page


@pytest.mark.parametrize("language", ["bn", "so"])
def test_the_service_page_names_its_help_and_languages_in_the_readers_language(
    client, service, language
):
    page = read_in(client, language, f"/services/{service.pk}")
    words = WORDS[language]
    assert f'{words["Domestic abuse"]}, <span lang="en">{OWN_CATEGORY}</span>' in page
    assert f'{words["Arabic"]}, <span lang="en">{UNSEEDED_LANGUAGE}</span>' in page


def test_in_english_the_names_need_no_marking(client, service):
    page = read_in(client, "en-gb", f"/services/{service.pk}")
    assert f"Domestic abuse, {OWN_CATEGORY}" in page
    assert f"Arabic, {UNSEEDED_LANGUAGE}" in page
    assert checkbox_label(read_in(client, "en-gb", "/find"), "language", "ti") == UNSEEDED_LANGUAGE


def test_a_reference_word_says_when_it_is_still_english():
    with translation.override("so"):
        assert reference_word("Arabic") == ReaderText("Carabi")
        assert reference_word(OWN_CATEGORY) == ReaderText(OWN_CATEGORY, is_fallback=True)
        assert reference_word("") == ReaderText("")
    with translation.override("en-gb"):
        assert reference_word("Arabic") == ReaderText("Arabic")


def taxonomy_csv_names() -> list[str]:
    with reference_data.TAXONOMY_CSV.open(newline="", encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def test_the_listed_names_are_the_taxonomy_csvs():
    assert [str(name) for name in TAXONOMY_TERM_NAMES] == taxonomy_csv_names()


def test_the_listed_languages_are_the_seeded_ones():
    assert [str(name) for name in LANGUAGE_NAMES] == [n for _, n in reference_data.LANGUAGES]


@pytest.mark.parametrize("language", ["bn", "so"])
def test_every_taxonomy_term_and_seeded_language_has_a_translation(language):
    names = taxonomy_csv_names() + [name for _, name in reference_data.LANGUAGES]
    with translation.override(language):
        untranslated = [name for name in names if translation.gettext(name) == name]
    assert untranslated == []
