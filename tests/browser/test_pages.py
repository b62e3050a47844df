"""The static pages in Chromium: accessible, keyboard-first, styled, and council-branded."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.accounts.helpers import verified_session_cookie
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

PAGES = [
    ("pages:home", "Get help for your family"),
    ("pages:accessibility", "Accessibility statement for Family Hub"),
    ("pages:privacy", "Privacy notice"),
    ("pages:contact", "Contact us"),
]


def open_page(page: Page, live_server, name: str) -> None:
    response = page.goto(live_server.url + reverse(name))
    assert response is not None and response.ok


@pytest.mark.parametrize(("name", "heading"), PAGES)
def test_the_page_loads_with_no_axe_violations(page: Page, live_server, name, heading):
    open_page(page, live_server, name)

    expect(page.locator("h1")).to_have_text(heading)
    expect(page).to_have_title(re.compile(r" – Family Hub – "))
    assert_accessible(page)


@pytest.mark.parametrize(("name", "heading"), PAGES)
def test_the_skip_link_is_the_first_thing_tab_reaches(page: Page, live_server, name, heading):
    open_page(page, live_server, name)

    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_have_attribute("href", "#main-content")
    expect(focused).to_be_visible()


def test_the_header_shows_the_council_and_no_gov_uk_branding(page: Page, live_server):
    open_page(page, live_server, "pages:home")

    header = page.locator("header")
    expect(header).to_contain_text("Tower Hamlets Council")
    expect(header).to_contain_text("Family Hub")
    expect(header).not_to_contain_text("GOV.UK")
    # Neither the GOV.UK header nor the crown anywhere: this is not a GOV.UK service.
    expect(page.locator(".govuk-header, .govuk-logo, .govuk-footer__crown")).to_have_count(0)
    expect(page.locator(".govuk-footer__copyright-logo")).to_have_count(0)
    expect(page.locator("footer")).not_to_contain_text("Crown copyright")


def test_the_built_css_loads_with_arial_and_the_council_colour(page: Page, live_server):
    open_page(page, live_server, "pages:home")

    # govuk-frontend styles text through its classes (not <body>), so ask the page's heading.
    font = page.locator("h1").evaluate("element => getComputedStyle(element).fontFamily")
    # Noto Sans Bengali stands first, for Bengali characters only (its unicode-range).
    assert font.lower().startswith('"noto sans bengali", arial'), font
    assert "GDS Transport" not in font
    header = page.locator(".govuk-generic-header")
    expect(header).to_have_css("background-color", "rgb(0, 98, 94)")


def test_govuk_frontend_javascript_starts_on_a_phone(page: Page, live_server):
    page.set_viewport_size({"width": 375, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_page(page, live_server, "pages:home")

    # The service navigation only shows its Menu button once initAll() has run.
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    menu.click()
    expect(page.get_by_role("link", name="Find support")).to_be_visible()
    assert errors == []


def test_the_postcode_search_goes_to_find_support(page: Page, live_server):
    open_page(page, live_server, "pages:home")

    page.get_by_label("Postcode").fill("E1 6AN")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/find\?postcode=E1\+6AN$"))


def sign_in(page: Page, live_server, django_user_model) -> None:
    """Signs a staff user in by handing the browser a session made with Django's test client."""
    user = django_user_model.objects.create_user(
        email="editor@example.org", password="a-long-passphrase"
    )
    page.context.add_cookies([verified_session_cookie(user, live_server.url)])


def test_a_signed_in_user_can_sign_out_without_javascript(
    page_without_javascript: Page, live_server, django_user_model
):
    page = page_without_javascript
    sign_in(page, live_server, django_user_model)
    open_page(page, live_server, "pages:home")
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Directory management")).to_be_visible()

    menu.get_by_role("button", name="Sign out").click()

    expect(menu.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(
        page.get_by_role("contentinfo").get_by_role("link", name="Staff sign in")
    ).to_be_visible()


def test_the_signed_in_navigation_has_no_axe_violations(page: Page, live_server, django_user_model):
    sign_in(page, live_server, django_user_model)
    open_page(page, live_server, "pages:home")

    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)
