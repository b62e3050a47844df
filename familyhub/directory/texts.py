"""The words editors wrote about a service, in the reader's language.

Editors write a service's name and description in English and may add them in Bengali and
Somali. A public page shows the reader's language where the editor gave it and English where
they did not. English on a Bengali or Somali page is marked lang="en", so that a screen reader
speaks it with an English voice instead of reading English words with Bengali or Somali sounds.

Every public page asks here (through the `in_reader_language` template tags), so the choice and
the fallback are made in one place.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import get_language

from familyhub.directory.models import SearchEntry, Service

# The languages of the public pages besides English; Service has a name_<code> and
# description_<code> field for each.
EDITOR_LANGUAGES = ("bn", "so")
FALLBACK_LANG = "en"

TranslatedField = Literal["name", "description"]


@dataclass(frozen=True)
class ReaderText:
    text: str
    # English standing in on a Bengali or Somali page: its markup needs lang="en".
    is_fallback: bool = False


def reader_language() -> str:
    """The page's language as a bare code: "bn", "so", or "en" for English ("en-gb")."""
    return (get_language() or FALLBACK_LANG).split("-")[0]


def chosen_text(
    english: str, translations: Mapping[str, str], language: str | None = None
) -> ReaderText:
    """The text in `language` (the reader's by default) if there is one, else the English."""
    language = language or reader_language()
    if language not in EDITOR_LANGUAGES:
        return ReaderText(english)
    translated = translations.get(language, "").strip()
    if translated:
        return ReaderText(translated)
    return ReaderText(english, is_fallback=True)


def service_translations(service: Service, field: TranslatedField) -> dict[str, str]:
    """The editor's Bengali and Somali for one field, blank ones left out."""
    translations = {code: getattr(service, f"{field}_{code}") for code in EDITOR_LANGUAGES}
    return {code: text for code, text in translations.items() if text.strip()}


def service_text(
    service: Service | SearchEntry, field: TranslatedField, language: str | None = None
) -> ReaderText:
    """A service's name or description for the reader.

    A search result is a SearchEntry: it carries the service's name and its translations
    (search_index puts them in its card) so that a page of results needs no other query.
    """
    if isinstance(service, SearchEntry):
        if field != "name":
            raise ValueError(f"a search entry carries the service's name only, not its {field}")
        return chosen_text(service.service_name, service.card.get("names", {}), language)
    return chosen_text(getattr(service, field), service_translations(service, field), language)
