"""The journey in Bengali and Somali (machine-drafted translations, awaiting review)."""

import datetime as dt

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.frontdoor.conftest import date_parts, post_ok, start, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "heading", "skip_link"),
    [
        ("bn", "আপনার পরিবারের জন্য সাহায্য চান", "মূল বিষয়বস্তুতে যান"),
        ("so", "Caawimaad u codso qoyskaaga", "U gudub waxa ugu muhiimsan"),
    ],
)
def test_the_start_page_and_the_layout_are_translated(client, council, code, heading, skip_link):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code

    page = client.get(reverse("frontdoor:start")).content.decode()

    assert f'<html lang="{code}"' in page
    assert heading in page
    assert skip_link in page


def test_a_bengali_question_page_shows_bengali_and_bengali_errors(client, council):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"
    draft = start(client)

    page = client.post(url(draft, "worries"), {"worries": ""}).content.decode()

    assert "কোন বিষয়টি নিয়ে আপনি চিন্তিত?" in page
    assert "কোন বিষয়টি নিয়ে আপনি চিন্তিত তা আমাদের বলুন" in page  # the error message
    assert "ত্রুটি:" in page  # "Error:" in the title


def test_somali_check_answers_shows_somali_month_names(client, council):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "so"
    draft = start(client)
    post_ok(
        client,
        url(draft, "person_add", role="child"),
        {
            "given_name": "Hodan",
            "family_name": "Ali",
            **date_parts("date_of_birth", dt.date(2019, 3, 27)),
        },
    )

    page = client.get(url(draft, "check")).content.decode()

    assert "27 Maarso 2019" in page
    assert "Hubi jawaabahaaga" in page


def test_the_language_question_starts_on_the_language_of_the_pages(client, council):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "so"
    draft = start(client)

    page = client.get(url(draft, "language")).content.decode()

    assert 'value="so" checked' in page


def test_the_confirmation_email_is_in_the_family_s_language(
    client, council, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.frontdoor.conftest import answer_everything, submission_key

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"
    draft = answer_everything(client)
    key = submission_key(client, draft)
    with django_capture_on_commit_callbacks(execute=True):
        post_ok(client, url(draft, "check"), {"submission_key": key})

    assert "আপনার সাহায্যের অনুরোধ আমরা পেয়েছি" in mailoutbox[0].subject


def test_the_language_switcher_posts_to_set_language_without_javascript():
    request = RequestFactory().get("/request-support/")
    template = Template('{% include "includes/language_switcher.html" %}')

    with translation.override("bn"):
        html = template.render(Context({"request": request, "csrf_token": "x"}))

    assert html.count('<form method="post" action="/i18n/setlang/"') == 2
    assert '<strong lang="bn" aria-current="true">বাংলা</strong>' in html
    assert 'lang="so">Soomaali</button>' in html
    assert 'name="next" value="/request-support/"' in html


def test_the_language_switcher_renders_nothing_until_its_url_is_wired(settings):
    settings.ROOT_URLCONF = "familyhub.pages.urls"  # no set_language here
    html = Template('{% include "includes/language_switcher.html" %}').render(Context({}))

    assert "<form" not in html


def test_choosing_a_language_sticks_for_the_next_page(client):
    response = client.post("/i18n/setlang/", {"language": "so", "next": "/request-support/"})
    assert response.status_code == 302
    assert 'lang="so"' in client.get("/request-support/").content.decode()
