"""Every message of a public page is translated into Bengali and Somali.

A family who chose বাংলা or Soomaali must not meet English on a page marked as their language.
The messages are read from the public templates as makemessages reads them (Django's
templatize), and looked up in the compiled catalogues the server uses (the .mo files), so a
message added to a template and not translated fails here, whether or not makemessages ran.
"""

import re
from pathlib import Path

import pytest

from tests.project.catalogues import catalogue, messages, public_templates

LANGUAGES = ("bn", "so")


def untranslated(templates: list[Path], language: str) -> list[str]:
    found = catalogue(language)
    missing = []
    for template in templates:
        for key, plural in messages(template):
            forms = [found.get((key, 0)), found.get((key, 1))] if plural else [found.get(key)]
            if not all(forms):
                missing.append(f"{template.name}: {key!r}")
    return missing


def test_the_public_templates_are_found_and_hold_messages():
    templates = public_templates()
    names = {t.name for t in templates}
    assert {"home.html", "find.html", "service.html", "survey.html", "404.html"} <= names
    assert not any("/casework/" in t.as_posix() for t in templates)
    assert sum(len(messages(t)) for t in templates) > 300


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_a_public_page_is_translated(language):
    missing = untranslated(public_templates(), language)
    assert not missing, f"{len(missing)} untranslated in {language}:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_untranslated_message_is_caught(tmp_path, language):
    """The check itself: a template with a new message fails it; a translated one passes."""
    template = tmp_path / "new.html"
    template.write_text(
        "{% load i18n %}<p>{% translate 'A sentence nobody has translated yet' %}</p>"
        "<p>{% translate 'Find support' %}</p>"
        "{% blocktranslate count counter=3 trimmed %}{{ counter }} result"
        "{% plural %}{{ counter }} results{% endblocktranslate %}",
        encoding="utf-8",
    )
    assert untranslated([template], language) == [
        "new.html: 'A sentence nobody has translated yet'"
    ]


def test_bengali_is_written_with_latin_digits_throughout():
    """One kind of digit on a page: dates, times, phone numbers and references are written in
    Latin digits, so every translation uses them too (never ০-৯ beside 28)."""
    bengali_digits = re.compile("[\u09e6-\u09ef]")
    found = catalogue("bn")
    assert found  # the catalogue was read
    assert not [
        key for key, text in found.items() if isinstance(text, str) and bengali_digits.search(text)
    ]
