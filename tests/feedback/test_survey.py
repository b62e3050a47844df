"""The family's survey behind the link: three questions in the family's language, answered
once without signing in; a closed or unknown link is the same calm page; the token is the only
key; what cannot be stored is refused."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.feedback.models import Answer
from familyhub.feedback.services import answer_give
from tests.feedback_factories import AnswerFactory, EpisodeInvitationFactory

pytestmark = pytest.mark.django_db

GOOD = {"helpfulness": "4", "told_story_once": "yes", "better": "Evening appointments, please."}


def main_of(response) -> str:
    """The page's own content, without the header's language forms (which name the path)."""
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def survey_url(invitation) -> str:
    return reverse("feedback:survey", args=[invitation.token])


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    caches["ratelimit"].clear()


def test_the_survey_asks_three_questions_without_signing_in(client):
    invitation = EpisodeInvitationFactory()

    page = client.get(survey_url(invitation))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Tell us how it went" in text and "s early help</span>" in text
    for name in ("helpfulness", "told_story_once", "better"):
        assert f'name="{name}"' in text
    assert 'type="radio"' in text and "<textarea" in text
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]


def test_an_answer_is_stored_and_the_family_thanked(client):
    invitation = EpisodeInvitationFactory()

    response = client.post(survey_url(invitation), GOOD)

    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:thanks", args=[invitation.token])
    answer = Answer.objects.get(invitation=invitation)
    assert (answer.helpfulness, answer.told_story_once, answer.better) == (
        4,
        "yes",
        "Evening appointments, please.",
    )
    thanks = client.get(response["Location"])
    assert "Thank you for telling us" in thanks.content.decode()
    event = AuditEvent.objects.get(record_type="feedback.answer")
    assert event.actor_id is None and "Evening" not in str(event.details)


def test_the_comment_is_optional_and_the_two_questions_are_not(client):
    invitation = EpisodeInvitationFactory()

    refused = client.post(survey_url(invitation), {"better": "Nothing"})

    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Select how helpful it was" in text and "Select yes, no or not sure" in text
    assert not Answer.objects.exists()
    assert client.post(survey_url(invitation), {**GOOD, "better": ""}).status_code == 302
    assert Answer.objects.get().better == ""


@pytest.mark.parametrize("helpfulness", ["0", "6", "x", "4.5"])
def test_an_answer_outside_the_scale_is_a_form_error(client, helpfulness):
    invitation = EpisodeInvitationFactory()

    response = client.post(survey_url(invitation), {**GOOD, "helpfulness": helpfulness})

    assert response.status_code == 200 and not Answer.objects.exists()


def test_an_overlong_comment_is_a_form_error_never_stored(client):
    invitation = EpisodeInvitationFactory()

    response = client.post(survey_url(invitation), {**GOOD, "better": "x" * 1001})

    assert response.status_code == 200
    assert "Write 1,000 characters or fewer" in response.content.decode()
    assert not Answer.objects.exists()
    assert client.post(survey_url(invitation), {**GOOD, "better": "x" * 1000}).status_code == 302


@pytest.mark.parametrize("payload", ["a%00b", "a%FF%FEb", "a%ED%A0%80b"])
def test_what_cannot_be_stored_is_refused_with_a_400(client, payload):
    invitation = EpisodeInvitationFactory()

    response = client.post(
        survey_url(invitation),
        f"helpfulness=4&told_story_once=yes&better={payload}",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400 and not Answer.objects.exists()


def test_an_answered_invitation_says_thank_you_and_takes_no_second_answer(client):
    invitation = AnswerFactory(helpfulness=5).invitation

    page = client.get(survey_url(invitation))
    again = client.post(survey_url(invitation), {**GOOD, "helpfulness": "1"})

    for response in (page, again):
        assert response.status_code == 200
        assert "You have already told us, thank you" in response.content.decode()
    assert Answer.objects.get().helpfulness == 5


def test_a_second_answer_is_refused_by_the_database_not_by_a_check(client):
    """The second of two answers sent at once finds no answer when it looks, and the primary
    key refuses it: answer_give says so, and the page is the calm "already told us"."""
    invitation = EpisodeInvitationFactory()

    assert answer_give(invitation=invitation, helpfulness=4, told_story_once="yes", better="")
    assert not answer_give(invitation=invitation, helpfulness=1, told_story_once="no", better="")
    assert Answer.objects.get().helpfulness == 4


def test_a_page_opened_before_the_answer_gets_the_calm_page(client, monkeypatch):
    invitation = EpisodeInvitationFactory()
    # The other tab's answer lands between this request's look and its write.
    monkeypatch.setattr(
        "familyhub.feedback.selectors.invitation_answered", lambda invitation: False
    )
    AnswerFactory(invitation=invitation, helpfulness=2)

    response = client.post(survey_url(invitation), GOOD)

    assert response.status_code == 200
    assert "You have already told us, thank you" in response.content.decode()
    assert Answer.objects.get().helpfulness == 2


def test_an_expired_link_and_an_unknown_one_get_the_same_calm_404(client):
    invitation = EpisodeInvitationFactory(sent_at=timezone.now() - dt.timedelta(days=61))
    fresh = EpisodeInvitationFactory()

    expired = client.get(survey_url(invitation))
    unknown = client.get(reverse("feedback:survey", args=["not-a-real-token" + "x" * 27]))
    posted = client.post(survey_url(invitation), GOOD)

    for response in (expired, unknown, posted):
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert main_of(expired) == main_of(unknown)
    assert not Answer.objects.exists()
    assert client.get(survey_url(fresh)).status_code == 200


def test_the_link_closes_after_60_days():
    invitation = EpisodeInvitationFactory()

    with time_machine.travel(invitation.sent_at + dt.timedelta(days=59, hours=23)):
        assert Client().get(survey_url(invitation)).status_code == 200
    with time_machine.travel(invitation.sent_at + dt.timedelta(days=60)):
        assert Client().get(survey_url(invitation)).status_code == 404


def test_the_token_is_the_only_key(client):
    """Nothing but the whole token opens a survey: not the invitation's id, not a token's
    start, not another case, not an overlong one."""
    invitation = EpisodeInvitationFactory()
    token = invitation.token

    for guess in (str(invitation.pk), token[:-1], token.swapcase(), token + "a", "x" * 5000):
        response = client.get(reverse("feedback:survey", args=[guess]))
        assert response.status_code == 404, guess
    assert client.get(survey_url(invitation)).status_code == 200


def test_the_thank_you_page_before_an_answer_goes_back_to_the_questions(client):
    invitation = EpisodeInvitationFactory()

    response = client.get(reverse("feedback:thanks", args=[invitation.token]))

    assert response.status_code == 302 and response["Location"] == survey_url(invitation)


@pytest.mark.parametrize(
    ("language", "question", "english"),
    [
        ("bn", "এটি আপনার ও আপনার পরিবারের জন্য কতটা সহায়ক ছিল?", "How helpful was it"),
        ("so", "Intee in le&#x27;eg ayay faa&#x27;iido u lahayd", "How helpful was it"),
    ],
)
def test_the_survey_is_in_the_familys_language(client, language, question, english):
    invitation = EpisodeInvitationFactory(language=language)

    page = client.get(survey_url(invitation))

    text = page.content.decode()
    assert f'lang="{language}"' in text and question in text and english not in text
    answered = client.post(survey_url(invitation), GOOD, follow=True)
    assert f'lang="{language}"' in answered.content.decode()
    assert {"bn": "আমাদের জানানোর জন্য ধন্যবাদ", "so": "Waad ku mahadsan tahay"}[
        language
    ] in answered.content.decode()


def test_a_language_the_visitor_chose_on_the_site_wins(client):
    invitation = EpisodeInvitationFactory(language="bn")
    client.cookies["django_language"] = "so"

    text = client.get(survey_url(invitation)).content.decode()

    assert 'lang="so"' in text and "Intee in le" in text


def test_the_answers_are_rate_limited_per_address(client, settings):
    settings.RATE_LIMIT_FEEDBACK = "2/h"
    invitations = EpisodeInvitationFactory.create_batch(3)

    statuses = [client.post(survey_url(i), GOOD).status_code for i in invitations]

    assert statuses == [302, 302, 429]
    assert Answer.objects.count() == 2


SURVEY_ENGLISH = [
    "Tell us how it went",
    "There are 3 short questions",
    "We read every answer",
    "How helpful was it",
    "Very helpful",
    "Neither helpful nor unhelpful",
    "Not at all helpful",
    "tell your story once",
    "Not sure",
    "What could we do better",
    "Please do not write",
    "Send my answers",
    "If you need help",
    "ask us for help",
    "call 999",
]


@pytest.mark.parametrize("language", ["bn", "so"])
def test_no_english_is_left_on_the_familys_pages(client, language):
    invitation = EpisodeInvitationFactory(language=language)
    closed = EpisodeInvitationFactory(
        language=language, sent_at=timezone.now() - dt.timedelta(days=61)
    )
    pages = [client.get(survey_url(invitation))]
    pages.append(client.post(survey_url(invitation), GOOD, follow=True))  # thank you
    pages.append(client.get(survey_url(invitation)))  # already told us
    # A closed link is in the visitor's language: as if they chose it with the site's switcher.
    client.cookies["django_language"] = language
    pages.append(client.get(survey_url(closed)))

    for page in pages:
        text = main_of(page)
        assert [english for english in SURVEY_ENGLISH if english in text] == []
