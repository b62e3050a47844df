"""Questions revealed by an answer (GOV.UK conditional reveals): marked up for govuk-frontend's
JavaScript to hide, shown without it, and asked for by the server only when the answer needs
them. The JavaScript itself is tried in tests/browser/test_front_door_everywhere.py."""

import re

import pytest

from tests.frontdoor.conftest import post_ok, start, url

pytestmark = pytest.mark.django_db


def inputs_controlling(page: str) -> dict[str, str]:
    """value of each radio → the id its data-aria-controls names."""
    return dict(re.findall(r'value="(\w+)"[^>]*data-aria-controls="([\w-]+)"', page))


def test_the_contact_question_marks_each_detail_as_revealed_by_its_choice(client, council):
    draft = start(client)

    page = client.get(url(draft, "contact")).content.decode()

    controls = inputs_controlling(page)
    assert set(controls) == {"phone", "text", "email"}  # a letter needs no more detail
    for target in controls.values():
        # Every box is in the page (so it works without JavaScript); hidden only by the
        # govuk-frontend CSS that applies once its JavaScript runs.
        assert re.search(
            rf'class="govuk-radios__conditional govuk-radios__conditional--hidden" id="{target}"',
            page,
        )
    assert 'name="mobile"' in page and 'name="phone"' in page and 'name="email"' in page


def test_the_chosen_way_s_detail_is_not_hidden(client, council):
    draft = start(client)
    post_ok(
        client,
        url(draft, "contact"),
        {"contact_name": "Sam", "contact_method": "text", "mobile": "07700 900982"},
    )

    page = client.get(url(draft, "contact")).content.decode()

    target = inputs_controlling(page)["text"]
    assert f'class="govuk-radios__conditional" id="{target}"' in page


def test_without_javascript_only_the_chosen_way_s_detail_is_required(client, council):
    draft = start(client)

    # Every box is visible without JavaScript: an empty email box beside "text" is fine.
    post_ok(
        client,
        url(draft, "contact"),
        {"contact_name": "Sam", "contact_method": "text", "mobile": "07700 900982", "email": ""},
    )
    missing = client.post(
        url(draft, "contact"), {"contact_name": "Sam", "contact_method": "text", "email": "a@b.c"}
    )

    assert missing.status_code == 200
    assert "Enter a mobile phone number" in missing.content.decode()


def test_the_other_language_is_revealed_by_another_language_and_asked_only_then(client, council):
    draft = start(client)

    page = client.get(url(draft, "language")).content.decode()
    assert inputs_controlling(page) == {"other": "conditional-other-language"}

    post_ok(client, url(draft, "language"), {"language": "so", "interpreter": "no"})
    missing = client.post(url(draft, "language"), {"language": "other", "interpreter": "no"})
    assert "Choose the language you would like us to use" in missing.content.decode()
