"""Every message of a public page is translated into Bengali and Somali.

A family who chose বাংলা or Soomaali must not meet English on a page marked as their language.
The messages are read from the public templates as makemessages reads them (Django's
templatize), and looked up in the compiled catalogues the server uses (the .mo files), so a
message added to a template and not translated fails here, whether or not makemessages ran.

A template is public unless it is under one of STAFF_ONLY: a new template is public until
somebody says otherwise, which is the safe way round.
"""

import ast
import gettext
import io
import re
import tokenize
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

REPO = Path(__file__).resolve().parents[2]
APPS = REPO / "familyhub"
LANGUAGES = ("bn", "so")

# Staff pages are in English only (familyhub.middleware.StaffPagesInEnglishMiddleware).
STAFF_ONLY = (
    "accounts/",
    "activities/registers/",
    "casework/",
    "dataprotection/",
    "directory/manage/",
    "earlyeducation/",
    "families/",
    "feedback/comments.html",
    "frontdoor/referrals/",
    "home/",
    "insight/",
    "notifications/",
    "oversight/",
    "socialcare/",
    "staffaccounts/",
    "startforlife/",
    "triage/",
)

CALL = re.compile(r"\b(gettext|pgettext|ngettext|npgettext)\(")


def public_templates() -> list[Path]:
    found = []
    for template in sorted(APPS.rglob("templates/**/*.html")):
        name = template.as_posix().split("/templates/", 1)[1]
        if not name.startswith(STAFF_ONLY):
            found.append(template)
    return found


def _arguments(code: str, start: int) -> list[str]:
    """The string literals of the call whose arguments begin at `start`."""
    strings = []
    for token in tokenize.generate_tokens(io.StringIO(code[start:]).readline):
        if token.type == tokenize.STRING:
            strings.append(ast.literal_eval(token.string))
        elif token.type == tokenize.OP and token.string == ")":
            return strings
    raise AssertionError(f"unclosed call in {code[start : start + 80]!r}")


def messages(template: Path) -> list[tuple[str, bool]]:
    """Each message of the template as the compiled catalogue keys it (a context joined to its
    message by EOT, as gettext stores them), and whether it has plural forms."""
    code = templatize(template.read_text(encoding="utf-8"), origin=str(template))
    found = []
    for call in CALL.finditer(code):
        kind, strings = call.group(1), _arguments(code, call.end())
        with_context = kind.startswith(("pgettext", "npgettext"))
        key = "\x04".join(strings[:2]) if with_context else strings[0]
        found.append((key, kind.startswith(("ngettext", "npgettext"))))
    return found


def catalogue(language: str) -> dict:
    path = REPO / "locale" / language / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as compiled:
        return gettext.GNUTranslations(compiled)._catalog  # noqa: SLF001 - the parsed .mo


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
