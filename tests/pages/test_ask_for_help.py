"""The front door, "Ask for help" (/request-support/), wherever a family may be looking for it."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from familyhub.directory.models import Service
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

ASK = 'href="/request-support/"'
START_BUTTON = 'class="govuk-button govuk-button--start"'


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_has_a_start_button_to_ask_for_help(client):
    home = page(client, reverse("pages:home"))

    start = home.index(START_BUTTON)
    assert home.rfind("<a ", 0, start) == home.rfind(f"<a {ASK}", 0, start)
    assert "Ask for help" in home[start : start + 400]


@pytest.mark.parametrize("name", ["pages:home", "pages:contact", "directory:find", "directory:bus"])
def test_the_menu_offers_ask_for_help_on_every_page(client, name):
    html = page(client, reverse(name))

    menu = html[html.index('id="navigation"') : html.index("</ul>", html.index('id="navigation"'))]
    assert f'<a class="govuk-service-navigation__link" {ASK}>Ask for help</a>' in menu


def test_the_menu_marks_ask_for_help_as_the_current_page_on_its_start_page(client, postcodes):
    html = page(client, reverse("frontdoor:start"))

    assert f'<a class="govuk-service-navigation__link" {ASK} aria-current="page">' in html


def test_the_contact_page_offers_the_form(client):
    assert ASK in page(client, reverse("pages:contact"))


def test_find_support_results_offer_ask_for_help(client, demo_borough):
    results = page(client, reverse("directory:find") + "?postcode=E1+0AA")

    assert "familyhub-results" in results  # there are results
    assert ASK in results


def test_a_service_that_needs_a_referral_offers_ask_for_help(client, council):
    service = ServiceFactory(access=Service.Access.REFERRAL)

    html = page(client, reverse("directory:service", args=[service.pk]))

    assert "This service needs a referral." in html
    assert ASK in html.split('id="main-content"', 1)[1]


@pytest.mark.parametrize("access", [Service.Access.DROP_IN, Service.Access.SELF_REFER])
def test_a_service_anyone_can_use_does_not_push_the_front_door(client, council, access):
    service = ServiceFactory(access=access)

    html = page(client, reverse("directory:service", args=[service.pk]))

    assert ASK not in html.split('id="main-content"', 1)[1]


@pytest.mark.parametrize(("language", "words"), [("bn", "সাহায্য চান"), ("so", "Caawimaad codso")])
def test_ask_for_help_is_in_the_family_s_language(client, language, words):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    home = page(client, reverse("pages:home"))

    assert words in home[home.index(START_BUTTON) :][:400]
    assert f'<a class="govuk-service-navigation__link" {ASK}>{words}</a>' in home
