"""Every kind of public page, on a phone, in English, Bengali and Somali: chosen with the header's
language switcher as a visitor does, each page answers, says its language in <html lang>, passes
axe, and does not mix languages.

Mixing is caught with the catalogue itself: on a Bengali or Somali page no text the page shows
(or reads out: visually hidden text, labels and titles count) may be exactly an English message
that the compiled catalogue translates (or such a message with its placeholders filled in, as
"Ages 0 to 2"), since the family should have been given the translation.
Text inside an element marked with another language (editors' English, lang="en"; the
switcher's own language names) is that language by declaration and is left out.

One browser context per language: its pages share the language cookie, as a visitor's would.
Problems are gathered over every page and reported together, so one run shows all there is.
"""

import gettext
import io
import re
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from familyhub.directory.models import Location
from familyhub.directory.selectors import public_services
from tests.activities_factories import SessionFactory
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PHONE
from tests.feedback_factories import EpisodeInvitationFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ("en-gb", "bn", "so")
SEARCH = "/find?postcode=E1+1BB"
FILTERED = SEARCH + "&distance=3&age=0-2&cost=free&delivery=hub&day=1"

# Every text a person meets on the page, in the header, <main> and the footer, each with the
# element it belongs to: text nodes (shown or visually hidden) and the attributes a screen reader
# or a browser reads out. Left out: scripts and styles, and anything inside an element that
# declares a language other than the page's (the nearest lang attribute is the one that holds).
TEXTS_OF_THE_PAGE = """page => {
  const language = element => element.closest("[lang]").lang.toLowerCase();
  const where = element => {
    const id = element.id ? "#" + element.id : "";
    const kind = element.className && typeof element.className === "string"
      ? "." + element.className.trim().split(/\\s+/)[0] : "";
    return element.tagName.toLowerCase() + id + kind;
  };
  const found = [];
  for (const root of document.querySelectorAll("header, main, footer")) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (element.closest("script, style, template")) continue;
      if (language(element) !== page) continue;
      found.push([node.textContent.trim(), where(element)]);
    }
    for (const element of root.querySelectorAll(
      "[aria-label], [title], [alt], [placeholder], input[type=submit], input[type=button]"
    )) {
      if (language(element) !== page) continue;
      for (const name of ["aria-label", "title", "alt", "placeholder", "value"]) {
        if (name === "value" && !["submit", "button"].includes(element.type)) continue;
        const text = element.getAttribute(name);
        if (text) found.push([text.trim(), where(element) + "[" + name + "]"]);
      }
    }
  }
  for (const part of document.title.split(" – ")) found.push([part.trim(), "title"]);
  return found.filter(([text]) => text);
}"""


# A placeholder of a python-format message ("%(miles)s", "%s", "%d"), and "%%", a percent sign.
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sdi]|%%")


def messages_of(compiled: bytes) -> Iterator[tuple[str, ...]]:
    """Each message of a .mo file as it is written in English: its singular and, for a message
    with plural forms, its plural (which GNUTranslations does not keep), context dropped.

    A .mo file starts with five little-endian words: magic, revision, the number of messages and
    where the table of their English texts is; each entry of that table is a length and an
    offset, and a plural message's English is its singular and plural joined by a NUL."""
    count, originals_at = struct.unpack_from("<2I", compiled, 8)
    for index in range(count):
        length, offset = struct.unpack_from("<2I", compiled, originals_at + 8 * index)
        english = compiled[offset : offset + length].decode()
        yield tuple(english.split("\x04")[-1].split("\x00"))


@dataclass(frozen=True)
class English:
    """The English messages the catalogue translates: the plain ones, and those with
    placeholders as a pattern ("Ages 0 to 2" is "Ages %(low)s to %(high)s" left in English)."""

    messages: frozenset[str]
    with_placeholders: re.Pattern

    def says(self, text: str) -> bool:
        return text in self.messages or bool(self.with_placeholders.fullmatch(text))


def as_pattern(message: str) -> str:
    parts = PLACEHOLDER.split(message)
    percents = PLACEHOLDER.findall(message)
    pattern = re.escape(parts[0])
    for percent, part in zip(percents, parts[1:], strict=True):
        pattern += ("%" if percent == "%%" else ".+?") + re.escape(part)
    return pattern


def english_the_catalogue_translates(language: str) -> English:
    """The English messages the compiled catalogue gives a different text for in this language,
    read from the .mo file the server itself uses."""
    compiled = (LOCALE / language / "LC_MESSAGES" / "django.mo").read_bytes()
    catalogue = gettext.GNUTranslations(io.BytesIO(compiled))
    plain, with_placeholders = set(), set()
    for singular, *plural in messages_of(compiled):
        translation = catalogue.ngettext(singular, *plural, 1) if plural else None
        translation = translation or catalogue.gettext(singular)
        if not singular or translation == singular:
            continue  # the catalogue's header, or a word the language writes the same way
        for message in (singular, *plural):
            words = PLACEHOLDER.sub("", message)
            if not PLACEHOLDER.search(message):
                plain.add(message.strip())
            elif re.search(r"[A-Za-z]{2,}", words):  # not "%(hub)s (%(locality)s)"
                with_placeholders.add(as_pattern(message.strip()))
    return English(
        frozenset(plain), re.compile("|".join(f"(?:{p})" for p in sorted(with_placeholders)))
    )


@dataclass
class Visit:
    """A page as a visitor reaches it: open `path` (and then do `then`), expecting `status`."""

    name: str
    path: str
    status: int = 200
    then: Callable[[Page], None] | None = None


def open_the_filters(page: Page) -> None:
    """On a phone the filters are folded behind the button that replaces "Filter results"."""
    button = page.locator(".familyhub-find__filter-button")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#filters")).to_be_visible()


def send_the_form_empty(page: Page) -> None:
    """Submit the main form with nothing filled in: the error summary, in the page's language."""
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def start_asking_for_help(page: Page) -> None:
    page.locator("main a.govuk-button--start").click()
    expect(page).to_have_url(f"{page.url.split('/request-support/')[0]}/request-support/who")


def public_pages() -> list[Visit]:
    """One of every kind of public page, with the records it shows."""
    session = reverse("activities:session", args=[SessionFactory(activity__name="Rhyme time").pk])
    survey = reverse("feedback:survey", args=[EpisodeInvitationFactory().token])
    service = public_services().order_by("name").first()
    hub = Location.objects.filter(kind=Location.Kind.MAIN_HUB).order_by("name").first()
    locality = hub.locality
    return [
        Visit("home", reverse("pages:home")),
        Visit("find support: a postcode's results", SEARCH),
        Visit("find support: filtered, filters open", FILTERED, then=open_the_filters),
        Visit("find support: a postcode that is not real", "/find?postcode=XX"),
        Visit("a service", reverse("directory:service", args=[service.pk])),
        Visit("an organisation", reverse("directory:organisation", args=[service.organisation.pk])),
        Visit("a place", reverse("directory:location", args=[hub.pk])),
        Visit(
            "a locality",
            reverse("directory:locality", args=[locality.local_authority.slug, locality.slug]),
        ),
        Visit("the outreach bus", reverse("directory:bus")),
        Visit("what's on", reverse("activities:whats-on")),
        Visit("a session and its booking form", session),
        Visit("a session's booking form, sent empty", session, then=send_the_form_empty),
        Visit("contact", reverse("pages:contact")),
        Visit("accessibility statement", reverse("pages:accessibility")),
        Visit("privacy notice", reverse("pages:privacy")),
        Visit("page not found", "/no-such-page", status=404),
        Visit("ask for help: start", reverse("frontdoor:start")),
        Visit(
            "ask for help: the first question",
            reverse("frontdoor:start"),
            then=start_asking_for_help,
        ),
        Visit(
            "ask for help: the first question, sent empty",
            reverse("frontdoor:who_new"),
            then=send_the_form_empty,
        ),
        Visit("list your organisation", reverse("directory:join")),
        Visit("family feedback survey", survey),
        Visit("family feedback survey, sent empty", survey, then=send_the_form_empty),
    ]


@pytest.fixture(params=LANGUAGES)
def phone_in(request, browser: Browser, live_server) -> Iterator[tuple[Page, str]]:
    """A phone's browser whose visitor chose the language with the header's switcher (a POST
    to Django's set_language, which remembers it in the language cookie)."""
    language = request.param
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(live_server.url + reverse("pages:home"))
    if language != settings.LANGUAGE_CODE:
        page.locator(f".familyhub-language-switcher button[lang={language}]").click()
        expect(page.locator("html")).to_have_attribute("lang", language)
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    assert cookies.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE) == language
    yield page, language
    context.close()


def problems_of(
    page: Page, base_url: str, visit: Visit, language: str, english: English
) -> list[str]:
    """What is wrong with the page the visit leads to, if anything."""
    problems = []
    response = page.goto(base_url + visit.path)
    if response is None or response.status != visit.status:
        status = response.status if response else None
        problems.append(f"answered {status}, not {visit.status}")
    if visit.then:
        visit.then(page)
    page_language = page.locator("html").get_attribute("lang")
    if page_language != language:
        problems.append(f'<html lang="{page_language}">, not "{language}"')
    try:
        assert_accessible(page)
    except pytest.fail.Exception as failure:
        problems.append(str(failure))
    if language != settings.LANGUAGE_CODE:
        for text, where in page.evaluate(TEXTS_OF_THE_PAGE, language):
            if english.says(text):
                problems.append(f"English in {where}: {text!r}")
    return [f"{visit.name} ({page.url}): {problem}" for problem in problems]


def test_every_public_page_on_a_phone_is_in_one_language_and_accessible(phone_in, live_server):
    page, language = phone_in
    english = english_the_catalogue_translates(language if language != "en-gb" else "bn")
    # The catalogue was read, plurals and placeholders too.
    assert len(english.messages) > 300 and english.says("Within 5 miles")

    problems = [
        p
        for visit in public_pages()
        for p in problems_of(page, live_server.url, visit, language, english)
    ]

    assert not problems, f"{len(problems)} problem(s) in {language}:\n" + "\n".join(problems)
