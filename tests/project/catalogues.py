"""The messages of the public pages, read as makemessages reads them (Django's templatize),
and the compiled catalogues the server looks them up in (the .mo files): what the translation
and plain-words tests check.

A template is public unless it is under one of STAFF_ONLY: a new template is public until
somebody says otherwise, which is the safe way round.
"""

import ast
import gettext
import io
import re
import tokenize
from pathlib import Path

from django.utils.translation.template import templatize

REPO = Path(__file__).resolve().parents[2]
APPS = REPO / "familyhub"


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
