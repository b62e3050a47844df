"""Find support on a 375 px phone: results first, filters behind a "Filter" button (or a link to
them without JavaScript); on a desktop the filters sit beside the results, to their right, in
the order a keyboard meets them. Axe-clean throughout."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from familyhub.directory.models import Location
from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]

PHONE = {"width": 375, "height": 667}
SEARCH = "/find?postcode=E1+1BB"


def phone_page(browser: Browser, *, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from phone_page(browser, javascript=True)


@pytest.fixture
def phone_without_javascript(browser: Browser) -> Iterator[Page]:
    yield from phone_page(browser, javascript=False)


def first_result_top(page: Page) -> float:
    box = page.locator(".familyhub-result").first.bounding_box()
    assert box is not None, "no result is shown"
    return box["y"]


def test_on_a_phone_the_first_result_is_on_the_first_screen(phone: Page, live_server):
    phone.goto(live_server.url + SEARCH)
    assert first_result_top(phone) < PHONE["height"]
    expect(phone.locator("#filters")).to_be_hidden()
    assert_accessible(phone)

    button = phone.get_by_role("button", name="Filter", exact=True)
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(phone.get_by_label("Age of child")).to_be_visible()
    # Opened above the results, right under the button, not at the foot of the page.
    assert phone.get_by_label("Age of child").bounding_box()["y"] < first_result_top(phone)
    assert_accessible(phone)

    phone.get_by_label("Distance").select_option("1")
    phone.get_by_role("button", name="Apply filters").click()
    expect(phone.get_by_label("Distance")).to_be_hidden()  # folded again on the new page
    expect(phone.locator(".familyhub-result").first).to_be_visible()
    assert "distance=1" in phone.url


def test_on_a_phone_without_javascript_a_link_leads_to_the_filters(
    phone_without_javascript: Page, live_server
):
    page = phone_without_javascript
    page.goto(live_server.url + SEARCH)
    assert first_result_top(page) < PHONE["height"]
    page.get_by_role("link", name="Filter results").click()
    assert page.url.endswith("#filters")
    expect(page.get_by_label("Age of child")).to_be_in_viewport()


def test_on_a_desktop_the_filters_sit_beside_the_results(page: Page, live_server):
    page.goto(live_server.url + SEARCH)
    filters = page.locator("#filters").bounding_box()
    results = page.locator("#results").bounding_box()
    # The results, then the filters to their right: the order the page has for a keyboard.
    assert results["x"] + results["width"] <= filters["x"]
    assert abs(filters["y"] - results["y"]) < 5  # side by side, from the same line
    expect(page.get_by_role("button", name="Filter", exact=True)).to_be_hidden()
    expect(page.get_by_role("link", name="Filter results")).to_be_hidden()
    assert_accessible(page)


def test_browse_all_support_lists_services(page: Page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Browse all support without a postcode").click()
    expect(page.locator(".familyhub-result").first).to_be_visible()
    assert_accessible(page)


def test_a_hub_shows_its_hours_phone_and_map_link_on_a_phone(phone: Page, live_server):
    hub = Location.objects.filter(kind=Location.Kind.MAIN_HUB).first()
    phone.goto(live_server.url + f"/places/{hub.pk}")
    expect(phone.get_by_role("heading", name="Opening hours")).to_be_visible()
    expect(phone.locator("a[href^='tel:']")).to_be_visible()
    expect(phone.get_by_role("link", name=f"See {hub.name} on a map")).to_be_visible()
    assert_accessible(phone)
