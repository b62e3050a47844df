"""Bengali is drawn in the font the site ships (Noto Sans Bengali), not as empty boxes, on a
device with no Bengali font of its own: the site's own .woff2 files are asked for and used.

This machine's Chromium has no Bengali system font (`fc-list | grep -i bengali` is empty), so with
the shipped font blocked it draws every Bengali character as the same empty box: the control that
shows these checks can fail.
"""

from pathlib import Path
from tempfile import gettempdir

import pytest
from playwright.sync_api import Page, Response, Route, expect

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

FONT_FILES = "**/govuk/fonts/noto-sans-bengali-*.woff2"
REGULAR = "noto-sans-bengali-bengali-400-normal.woff2"
BOLD = "noto-sans-bengali-bengali-700-normal.woff2"
# Kept after the run, for a person to look at the letters themselves.
SCREENSHOT = Path(gettempdir()) / "bengali_font.png"

# Two different Bengali letters (ka, kha), each in an element of its own in the page's body font.
# Drawn in a real font they differ; drawn as "no glyph" boxes they are the same picture.
TWO_LETTERS = """() => {
  for (const letter of ["ক", "খ"]) {
    const element = document.createElement("p");
    element.className = "govuk-body-l familyhub-letter";
    element.lang = "bn";
    element.textContent = letter;
    document.querySelector("main").append(element);
  }
}"""


def fonts_loaded(page: Page) -> None:
    """Wait until the page's fonts have loaded or failed (font-display: swap draws a fallback
    first, so the first paint proves nothing)."""
    page.evaluate("document.fonts.ready.then(() => true)")


def shipped_faces(page: Page) -> list[str]:
    """The status of each of the page's Noto Sans Bengali faces ("loaded", "error", ...): check()
    alone would be true for a family no @font-face names."""
    return page.evaluate(
        "() => [...document.fonts].filter(f => f.family.includes('Noto Sans Bengali'))"
        ".map(f => f.status)"
    )


def the_font_has_bengali(page: Page, weight: str = "") -> bool:
    return page.evaluate(
        "font => document.fonts.check(font, 'বাংলা')", f'{weight} 16px "Noto Sans Bengali"'.strip()
    )


def glyphs_drawn(page: Page, selector: str) -> dict[str, int]:
    """How many glyphs of the first element matching selector Chromium drew in each font
    (DevTools' "Rendered Fonts"): a computed font-family only says which fonts it may use."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("DOM.enable")
    devtools.send("CSS.enable")
    root = devtools.send("DOM.getDocument")["root"]["nodeId"]
    node = devtools.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    devtools.detach()
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def drawn_in_the_shipped_font(page: Page, selector: str) -> bool:
    """Every glyph but the spaces (outside the font's unicode-range: Arial's) is Noto's."""
    glyphs = glyphs_drawn(page, selector)
    spaces = page.locator(selector).first.inner_text().count(" ")
    return glyphs.pop("Noto Sans Bengali", 0) > 0 and sum(glyphs.values()) == spaces


def letters_look_alike(page: Page) -> bool:
    page.evaluate(TWO_LETTERS)
    fonts_loaded(page)
    ka, kha = (letter.screenshot() for letter in page.locator(".familyhub-letter").all())
    return ka == kha


def test_bengali_is_drawn_in_the_shipped_font_not_as_boxes(page: Page, live_server):
    # The first request of a run compiles templates: slow on a busy machine.
    page.set_default_navigation_timeout(30_000)
    font_responses: list[Response] = []
    page.on("response", lambda r: font_responses.append(r) if ".woff2" in r.url else None)

    # An English page: only its language switcher's "বাংলা" is Bengali, in regular weight.
    page.goto(live_server.url + "/whats-on/")
    fonts_loaded(page)
    assert [(r.url, r.status) for r in font_responses] == [
        (f"{live_server.url}/static/govuk/fonts/{REGULAR}", 200)
    ]
    assert drawn_in_the_shipped_font(page, "button[lang=bn]")

    # Choose Bengali with the switcher's form: body text, and the bold heading and current language.
    page.get_by_role("button", name="বাংলা").click()
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("কী চলছে")
    fonts_loaded(page)

    answered = {r.url.rsplit("/", 1)[-1]: r.status for r in font_responses}
    assert answered == {REGULAR: 200, BOLD: 200}, answered
    assert shipped_faces(page) == ["loaded", "loaded"]
    assert the_font_has_bengali(page) and the_font_has_bengali(page, "bold")
    assert drawn_in_the_shipped_font(page, "h1")
    assert drawn_in_the_shipped_font(page, "strong[lang=bn]")
    page.screenshot(path=SCREENSHOT)
    with_font = heading.screenshot()
    assert not letters_look_alike(page), "two Bengali letters look the same: boxes, not letters"
    assert_accessible(page)

    # The control: the same page with the shipped font blocked, in the same browser.
    def block(route: Route) -> None:
        route.abort()

    page.route(FONT_FILES, block)
    page.reload()
    expect(heading).to_have_text("কী চলছে")
    fonts_loaded(page)

    assert "error" in shipped_faces(page)
    assert not the_font_has_bengali(page, "bold")
    assert "Noto Sans Bengali" not in glyphs_drawn(page, "h1")
    assert heading.screenshot() != with_font
    assert letters_look_alike(page), "with no Bengali font the letters should be the same box"
