"""The static pages through Django's test client: they render, in the council's name."""

import pytest
from django.contrib.messages import SUCCESS, add_message
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse


@pytest.mark.parametrize(
    ("name", "path", "heading"),
    [
        ("pages:home", "/", "Get help for your family"),
        ("pages:accessibility", "/accessibility", "Accessibility statement for Family Hub"),
        ("pages:privacy", "/privacy", "Privacy notice"),
        ("pages:contact", "/contact", "Contact us"),
    ],
)
def test_the_page_renders_with_its_heading(client: Client, name, path, heading):
    assert reverse(name) == path

    response = client.get(path)

    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in response.content.decode()


def test_the_page_title_names_the_page_service_and_council(client: Client):
    response = client.get(reverse("pages:privacy"))

    assert "<title>Privacy notice – Family Hub – Tower Hamlets Council</title>" in (
        response.content.decode()
    )


def test_the_home_page_searches_find_support_by_postcode(client: Client):
    html = client.get(reverse("pages:home")).content.decode()

    assert f'action="{reverse("directory:find")}"' in html
    assert 'name="postcode"' in html
    assert f'href="{reverse("directory:bus")}"' in html


def test_the_accessibility_statement_has_the_required_sections(client: Client):
    html = client.get(reverse("pages:accessibility")).content.decode()

    for expected in [
        "WCAG",
        "2.2",
        "Reporting accessibility problems",
        "Equality and Human Rights Commission",
        "Equality Advisory and Support Service",
        "This statement was prepared on",
    ]:
        assert expected in html


def test_the_privacy_notice_names_the_controller_and_the_ico(client: Client):
    html = client.get(reverse("pages:privacy")).content.decode()

    assert "Tower Hamlets Council is the data controller" in html
    assert "Article 6(1)(e)" in html
    assert "Information Commissioner" in html


def test_an_anonymous_visitor_is_offered_staff_sign_in(client: Client):
    html = client.get(reverse("pages:home")).content.decode()

    assert f'href="{reverse("accounts:sign-in")}"' in html
    assert reverse("accounts:sign-out") not in html


def test_a_signed_in_user_gets_management_and_a_sign_out_form(client: Client, django_user_model):
    user = django_user_model.objects.create_user(
        email="editor@example.org", password="a-long-passphrase"
    )
    client.force_login(user)

    html = client.get(reverse("pages:home")).content.decode()

    assert f'href="{reverse("directory:manage-home")}"' in html
    assert f'<form method="post" action="{reverse("accounts:sign-out")}"' in html
    assert "csrfmiddlewaretoken" in html


def test_a_success_message_shows_as_a_success_banner(rf):
    # A request from RequestFactory has no resolver_match, like a 404 page: base.html copes.
    request = rf.get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    add_message(request, SUCCESS, "Service saved")

    html = render_to_string("pages/contact.html", request=request)

    assert "govuk-notification-banner--success" in html
    assert "Service saved" in html
