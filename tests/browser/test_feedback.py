"""A parent on a phone opens the survey link from the text the daily job sent after their
family's early help closed, answers in Bengali, and is thanked; opening the link again says
they have told us already. axe-clean at every step."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from familyhub.feedback.models import Answer
from familyhub.feedback.services import feedback_invitations_send
from familyhub.frontdoor.models import SupportRequest
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PHONE
from tests.casework_factories import ClosedEpisodeFactory
from tests.factories import LanguageFactory
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = [pytest.mark.browser]


@pytest.fixture
def phone(browser) -> Page:
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def test_a_parent_answers_the_survey_in_bengali_on_a_phone(phone: Page, live_server, fake_notify):
    episode = ClosedEpisodeFactory(closed_on=timezone.localdate() - dt.timedelta(days=1))
    episode.request = SubmittedRequestFactory(
        local_authority=episode.local_authority,
        contact_method=SupportRequest.Contact.TEXT,
        phone="07700 900982",
        language=LanguageFactory(code="bn", name="Bengali"),
    )
    episode.save()
    feedback_invitations_send()
    text = next(m for m in fake_notify if m.template == "feedback_episode")
    link = text.body.rsplit("\n", 1)[-1]
    assert link.startswith(settings.SITE_URL + "/feedback/")

    phone.goto(link.replace(settings.SITE_URL, live_server.url))
    expect(phone.get_by_role("heading", name="এটি কেমন হয়েছে আমাদের জানান", level=1)).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("lang", "bn")
    assert_accessible(phone)

    phone.get_by_role("button", name="আমার উত্তরগুলো পাঠান").click()  # nothing chosen
    expect(phone.locator(".govuk-error-summary")).to_be_visible()
    expect(phone.get_by_role("link", name="এটি কতটা সহায়ক ছিল তা বেছে নিন")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_label("খুব সহায়ক", exact=True).check()
    phone.get_by_label("হ্যাঁ", exact=True).check()
    phone.get_by_label("আমরা কী আরও ভালো করতে পারতাম? (ঐচ্ছিক)").fill("সন্ধ্যায় মিটিং হলে ভালো হতো।")
    phone.get_by_role("button", name="আমার উত্তরগুলো পাঠান").click()
    expect(phone.get_by_role("heading", name="আমাদের জানানোর জন্য ধন্যবাদ")).to_be_visible()
    assert_accessible(phone)
    answer = Answer.objects.get()
    assert (answer.helpfulness, answer.told_story_once, answer.better) == (
        5,
        "yes",
        "সন্ধ্যায় মিটিং হলে ভালো হতো।",
    )

    phone.goto(link.replace(settings.SITE_URL, live_server.url))
    expect(phone.get_by_role("heading", name="আপনি আমাদের আগেই জানিয়েছেন, ধন্যবাদ")).to_be_visible()
    assert_accessible(phone)
