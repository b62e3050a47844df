"""The whole "ask for help once" journey through the Django client, page by page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.families.models import Membership, Sex
from familyhub.frontdoor.models import RequestPerson, SupportRequest
from familyhub.frontdoor.selectors import request_extra
from tests.frontdoor.conftest import (
    POSTCODE,
    add_child,
    answer_everything,
    date_parts,
    post_ok,
    start,
    submission_key,
    url,
)

pytestmark = pytest.mark.django_db


def test_the_start_page_explains_and_links_to_the_first_question(client, council):
    response = client.get(reverse("frontdoor:start"))

    assert response.status_code == 200
    assert "Ask for help for your family" in response.content.decode()
    assert reverse("frontdoor:who_new") in response.content.decode()


def test_the_first_answer_creates_a_draft_with_a_secret_link(client, council):
    page = client.get(reverse("frontdoor:who_new"))
    assert "Who is asking for help?" in page.content.decode()

    response = client.post(reverse("frontdoor:who_new"), {"asker": "young_person"})

    draft = SupportRequest.objects.get()
    assert draft.status == SupportRequest.Status.DRAFT
    assert draft.source == SupportRequest.Source.FAMILY
    assert draft.local_authority_id == "E09000030"
    assert len(draft.resume_token) >= 40
    assert request_extra(draft).asker == "young_person"
    # No people yet, so the household loop starts with "who do you want to add?".
    assert response["Location"] == url(draft, "people")
    assert client.get(response["Location"])["Location"] == url(draft, "person_kind")


def test_the_first_question_needs_an_answer_and_creates_nothing_without_one(client, council):
    response = client.post(reverse("frontdoor:who_new"), {})

    assert response.status_code == 200
    assert "Select who is asking for help" in response.content.decode()
    assert "Error:" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_a_family_answers_every_question_and_sends_once(
    client, council, mailoutbox, django_capture_on_commit_callbacks
):
    draft = answer_everything(client)
    key = submission_key(client, draft)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(draft, "check"), {"submission_key": key})

    assert response["Location"] == url(draft, "sent")
    sent = SupportRequest.objects.get()
    assert sent.status == SupportRequest.Status.NEW
    assert sent.reference.startswith("FH-") and len(sent.reference) == 9
    assert sent.submitted_at is not None
    assert sent.consent_to_share is True and sent.consent_given_at == sent.submitted_at
    assert sent.safeguarding_concern is False
    assert sent.language_id == "bn" and sent.interpreter is False
    assert sent.postcode == POSTCODE and sent.contact_method == "email"
    assert "Parenting" not in sent.worries
    assert "Being a parent, like sleep, behaviour or routines" in sent.help_labels()
    person = sent.people.get()
    assert (person.given_name, person.role, person.sex) == ("Amira", "child", Sex.UNKNOWN)

    page = client.get(url(draft, "sent")).content.decode()
    assert sent.reference in page
    assert "within 2 working days" in page
    assert "999" in page
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sam@example.org"]
    assert sent.reference in mailoutbox[0].subject
    assert f"http://testserver/request-support/{sent.resume_token}/" in mailoutbox[0].body


def test_people_are_added_one_at_a_time_changed_and_removed(client, council):
    draft = start(client)
    assert add_child(client, draft, given="Amira") == url(draft, "people")
    post_ok(client, url(draft, "people"), {"add_another": "yes"})
    due = timezone.localdate() + dt.timedelta(days=90)
    post_ok(client, url(draft, "person_add", role="unborn"), date_parts("due_date", due))
    post_ok(
        client,
        url(draft, "person_add", role="parent"),
        {
            "given_name": "Sam",
            "family_name": "Begum",
            "sex": "female",
            **date_parts("date_of_birth", dt.date(1990, 5, 17)),
        },
    )
    page = client.get(url(draft, "people")).content.decode()
    assert "You have added 3 people" in page
    assert "Baby due" in page

    sam = RequestPerson.objects.get(given_name="Sam")
    assert sam.role == Membership.Role.PARENT and sam.sex == Sex.FEMALE
    post_ok(
        client,
        url(draft, "person_change", pk=sam.pk),
        {
            "given_name": "Samira",
            "family_name": "Begum",
            **date_parts("date_of_birth", sam.date_of_birth),
        },
    )
    sam.refresh_from_db()
    assert sam.given_name == "Samira"

    remove = client.get(url(draft, "person_remove", pk=sam.pk)).content.decode()
    assert "Are you sure you want to remove Samira Begum?" in remove
    post_ok(client, url(draft, "person_remove", pk=sam.pk), {"confirm": "yes"})
    assert list(draft.people.values_list("role", flat=True).order_by("pk")) == ["child", "unborn"]
    assert draft.people.get(role="unborn").due_date == due


def test_the_household_needs_a_child_or_an_expected_baby(client, council):
    draft = start(client)
    post_ok(
        client,
        url(draft, "person_add", role="parent"),
        {
            "given_name": "Sam",
            "family_name": "Begum",
            **date_parts("date_of_birth", dt.date(1990, 1, 2)),
        },
    )

    response = client.post(url(draft, "people"), {"add_another": "no"})

    assert response.status_code == 200
    assert "Add a child, or a baby you are expecting" in response.content.decode()


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter their date of birth"),
        (("12", "", "2019"), "Date of birth must include a day, a month and a year"),
        (("31", "2", "2019"), "Date of birth must be a real date"),
        (("aa", "2", "2019"), "Date of birth must be a real date"),
        (("3", "2", "19"), "Year must have 4 numbers"),
    ],
)
def test_a_bad_date_of_birth_says_what_is_wrong_and_keeps_what_was_typed(
    client, council, parts, message
):
    draft = start(client)

    response = client.post(
        url(draft, "person_add", role="child"),
        {"given_name": "Amira", "family_name": "Begum", **date_parts("date_of_birth", raw=parts)},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'href="#id_date_of_birth"' in page  # the error summary links to the day box
    assert 'id="id_date_of_birth"' in page
    assert 'value="Amira"' in page
    assert not draft.people.exists()


def test_a_date_of_birth_in_the_future_is_refused(client, council):
    draft = start(client)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client.post(
        url(draft, "person_add", role="child"),
        {"given_name": "A", "family_name": "B", **date_parts("date_of_birth", tomorrow)},
    )

    assert "Date of birth must be today or in the past" in response.content.decode()


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "If the baby has been born, add them as a child"), (320, "in the next 10 months")],
)
def test_a_due_date_must_be_in_the_next_ten_months(client, council, days, message):
    draft = start(client)
    due = timezone.localdate() + dt.timedelta(days=days)

    response = client.post(url(draft, "person_add", role="unborn"), date_parts("due_date", due))

    assert message in response.content.decode()
    assert not draft.people.exists()


def test_a_bad_postcode_says_why_and_loses_nothing(client, council):
    draft = answer_everything(client)

    response = client.post(
        url(draft, "address"),
        {"address_1": "2 New Road", "address_2": "Flat 3", "city": "London", "postcode": "ZZ1 1ZZ"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "We could not find ZZ1 1ZZ" in page
    assert 'value="2 New Road"' in page and 'value="Flat 3"' in page
    draft.refresh_from_db()
    assert draft.postcode == POSTCODE  # the earlier answer is still there
    assert draft.worries.startswith("My son")
    assert draft.people.count() == 1


def test_a_nonsense_postcode_is_explained(client, council):
    draft = start(client)

    response = client.post(url(draft, "address"), {"address_1": "1 Road", "postcode": "hello"})

    assert "Enter a real postcode, like E1 6AN" in response.content.decode()


def test_change_from_check_answers_returns_to_check_answers(client, council):
    draft = answer_everything(client)
    check = client.get(url(draft, "check")).content.decode()
    assert f"{url(draft, 'worries')}?return=check" in check

    edit = client.get(url(draft, "worries") + "?return=check").content.decode()
    assert f'href="{url(draft, "check")}"' in edit  # the back link goes to check answers too
    location = post_ok(client, url(draft, "worries") + "?return=check", {"worries": "New words"})

    assert location == url(draft, "check")
    draft.refresh_from_db()
    assert draft.worries == "New words"


def test_changing_a_person_from_check_answers_returns_there(client, council):
    draft = answer_everything(client)
    child = draft.people.get()

    location = post_ok(
        client,
        url(draft, "person_change", pk=child.pk) + "?return=check",
        {
            "given_name": "Amy",
            "family_name": "Begum",
            **date_parts("date_of_birth", child.date_of_birth),
        },
    )

    assert location == url(draft, "check")


def test_saying_someone_is_at_risk_flags_it_and_shows_who_to_call(client, council):
    draft = answer_everything(client)

    location = post_ok(client, url(draft, "safety"), {"at_risk": "yes"})

    assert location == url(draft, "urgent")
    page = client.get(location).content.decode()
    assert "call 999" in page
    assert "020 7946 0999" in page
    assert url(draft, "address") in page
    draft.refresh_from_db()
    assert draft.safeguarding_concern is True


def test_the_safety_page_always_shows_the_emergency_numbers(client, council):
    draft = start(client)

    page = client.get(url(draft, "safety")).content.decode()

    assert "call 999" in page and "020 7946 0999" in page


def test_saying_no_to_sharing_still_sends_to_early_help_only(
    client, council, django_capture_on_commit_callbacks
):
    draft = answer_everything(client)
    post_ok(client, url(draft, "sharing"), {"consent": "no"})
    key = submission_key(client, draft)

    with django_capture_on_commit_callbacks(execute=True):
        post_ok(client, url(draft, "check"), {"submission_key": key})

    sent = SupportRequest.objects.get()
    assert sent.status == SupportRequest.Status.NEW
    assert sent.consent_to_share is False and sent.consent_given_at is None
    assert "Only the council's early help team" in client.get(url(draft, "sent")).content.decode()


def test_the_sharing_page_says_what_with_whom_why_and_links_the_privacy_notice(client, council):
    draft = start(client)

    page = client.get(url(draft, "sharing")).content.decode()

    for text in (
        "NHS health visitors and midwives",
        "schools",
        "tell your story once",
        "You can say no",
    ):
        assert text in page
    assert f'href="{reverse("pages:privacy")}"' in page


def test_the_contact_detail_matching_the_choice_is_needed(client, council):
    draft = start(client)

    response = client.post(url(draft, "contact"), {"contact_name": "Sam", "contact_method": "text"})

    assert "Enter a mobile phone number" in response.content.decode()
    post_ok(
        client,
        url(draft, "contact"),
        {"contact_name": "Sam", "contact_method": "text", "mobile": "07700 900982"},
    )
    draft.refresh_from_db()
    assert (draft.contact_method, draft.phone) == ("text", "07700 900982")


def test_another_language_is_chosen_from_the_list_with_an_interpreter(client, council):
    draft = start(client)

    response = client.post(url(draft, "language"), {"language": "other", "interpreter": "yes"})
    assert "Choose the language you would like us to use" in response.content.decode()
    post_ok(
        client,
        url(draft, "language"),
        {"language": "other", "other_language": "ur", "interpreter": "yes"},
    )

    draft.refresh_from_db()
    assert draft.language_id == "ur" and draft.interpreter is True


def test_check_answers_shows_every_answer_with_a_change_link(client, council):
    draft = answer_everything(client)

    page = client.get(url(draft, "check")).content.decode()

    for text in (
        "I am a parent or carer",
        "Amira Begum",
        "My son does not sleep",
        "Money, bills or debt",
        "1 Example Street",
        "sam@example.org",
        "Bengali",
        'name="submission_key"',
    ):
        assert text in page, text
    for step in ("who", "worries", "help", "safety", "address", "contact", "language", "sharing"):
        assert f"{url(draft, step)}?return=check" in page, step


def test_an_unfinished_request_cannot_be_sent(client, council):
    draft = start(client)
    key = submission_key(client, draft)

    response = client.post(url(draft, "check"), {"submission_key": key})

    assert response["Location"] == url(draft, "people")
    draft.refresh_from_db()
    assert draft.status == SupportRequest.Status.DRAFT
