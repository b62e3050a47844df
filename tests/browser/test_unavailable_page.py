"""The 503 page, while the database is away, in Chromium: branded, in the visitor's language,
with no axe violations."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.project.unavailable_urls")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en-gb", "Sorry, the service is unavailable"),
        ("so", "Waan ka xunnahay, adeeggu hadda ma shaqaynayo"),
    ],
)
def test_the_503_page_has_no_axe_violations(page: Page, live_server, language, heading):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )

    # More than the default 10 s: as the first page of a run, on a busy machine, its styles and
    # scripts can take that long to arrive the first time (the 503 itself answers at once).
    response = page.goto(live_server.url + "/failing/really-refused", timeout=30_000)

    assert response is not None and response.status == 503
    assert response.headers["retry-after"] == "30"
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
