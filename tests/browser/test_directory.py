"""Find support in Chromium: a postcode search with filters, and every page type axe-clean."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from familyhub.accounts.models import Organisation
from familyhub.directory.models import Location, Service
from familyhub.places.models import Locality
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]


def result_miles(page: Page) -> list[float]:
    texts = page.locator(".familyhub-result strong", has_text="miles away").all_inner_texts()
    return [float(re.match(r"([\d.]+) miles", text).group(1)) for text in texts]


def test_a_family_searches_by_postcode_with_filters(page: Page, live_server):
    page.goto(live_server.url + "/find")
    page.get_by_label("Postcode").fill("e1 1bb")
    page.get_by_label("Distance").select_option("2")
    page.locator("summary", has_text="Language").click()
    page.get_by_label("Bengali").check()
    page.get_by_label("Age of child").select_option("0-2")
    page.get_by_role("button", name="Apply filters").click()

    query = parse_qs(urlparse(page.url).query)
    assert query["postcode"] == ["e1 1bb"] and query["language"] == ["bn"]
    assert query["age"] == ["0-2"] and query["distance"] == ["2"]
    expect(page.get_by_role("heading", level=2, name=re.compile(r"\d+ results?"))).to_be_visible()
    miles = result_miles(page)
    assert miles, "expected Bengali services for under-threes within 2 miles of E1 1BB"
    assert miles == sorted(miles) and max(miles) <= 2.0
    assert page.get_by_label("Bengali").is_checked()  # the search is kept on the page
    assert_accessible(page)

    # Every result is offered in Bengali: open the first and check.
    page.locator(".familyhub-result h3 a").first.click()
    expect(page.locator("dd", has_text="Bengali")).to_be_visible()
    assert_accessible(page)


def test_the_search_works_without_javascript(page_without_javascript: Page, live_server):
    page = page_without_javascript
    page.goto(live_server.url + "/find?postcode=E2+0QN&distance=1&delivery=hub&delivery=spoke")
    miles = result_miles(page)
    assert miles and max(miles) <= 1.0
    page.get_by_label("Postcode").fill("ZZ9 9ZZ")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("We could not find ZZ9 9ZZ")


def public_pages() -> list[str]:
    hub = Location.objects.filter(kind=Location.Kind.MAIN_HUB).first()
    stop = Location.objects.filter(kind=Location.Kind.BUS_STOP).first()
    locality = Locality.objects.select_related("local_authority").first()
    service = Service.objects.filter(status=Service.Status.ACTIVE).first()
    organisation = Organisation.objects.filter(status=Organisation.Status.APPROVED).first()
    return [
        "/find",
        "/find?postcode=E14+2BG&distance=5&category=family-support&cost=free",
        "/find?postcode=nonsense",
        f"/services/{service.pk}",
        f"/places/{hub.pk}",
        f"/places/{stop.pk}",
        f"/areas/{locality.local_authority.slug}/{locality.slug}",
        f"/organisations/{organisation.pk}",
        "/outreach-bus",
        "/list-your-organisation",
        "/staff/sign-in",
    ]


def test_every_public_page_type_has_no_axe_violations(page: Page, live_server):
    for path in public_pages():
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok, path
        assert_accessible(page)


def test_the_join_form_shows_errors_accessibly(page: Page, live_server):
    page.goto(live_server.url + "/list-your-organisation")
    page.get_by_label("Organisation name").fill("Shadwell Dads Club")
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Organisation name")).to_have_value("Shadwell Dads Club")
    assert_accessible(page)


def test_staff_pages_have_no_axe_violations(page: Page, live_server):
    sign_in_as(page, live_server, "council.editor@example.org")
    page.goto(live_server.url + "/staff/directory/")
    expect(page.locator("h1")).to_have_text("Directory management")
    assert_accessible(page)
    page.get_by_role("link", name="Add a service").first.click()
    page.get_by_role("button", name="Save").click()  # empty: errors shown
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/staff/directory/")
    page.get_by_role("link", name=re.compile("^Sessions")).first.click()
    assert_accessible(page)
    page.goto(live_server.url + "/staff/directory/")
    page.get_by_role("link", name="Add a place").first.click()
    assert_accessible(page)

    sign_in_as(page, live_server, "directory.manager@example.org")
    page.goto(live_server.url + "/staff/directory/")
    expect(page.get_by_role("heading", name="Organisations waiting for approval")).to_be_visible()
    assert_accessible(page)
