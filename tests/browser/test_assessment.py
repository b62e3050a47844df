"""The Early Help Assessment in Chromium: the lead professional types, the autosave saves it
(status announced politely), a reload keeps it, and a colleague's save meanwhile is shown side by
side rather than overwritten. axe checks the page and the conflict state."""

import pytest
from playwright.sync_api import Page, expect

from familyhub.casework.services.assessment import (
    assessment_save,
    assessment_start,
    assessment_values,
)
from familyhub.casework.views import assessment as assessment_views
from tests.accounts.helpers import verified_session_cookie
from tests.browser.axe import assert_accessible
from tests.casework.conftest import (  # noqa: F401 - fixtures shared with the casework tests
    episode,
    family,
    team_member,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("postcodes")]

HEALTH = "child__health__strengths"


@pytest.fixture
def fast_autosave(monkeypatch):
    monkeypatch.setattr(assessment_views, "AUTOSAVE_SECONDS", 1)


def test_autosave_reload_and_a_colleagues_save(
    page: Page,
    live_server,
    fast_autosave,
    episode,  # noqa: F811
    lead_professional,
    team_member,  # noqa: F811
):
    assessment = assessment_start(episode, lead_professional)
    page.context.add_cookies([verified_session_cookie(lead_professional, live_server.url)])
    url = f"{live_server.url}/staff/casework/{episode.pk}/assessment"
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Early Help Assessment")
    assert_accessible(page)

    health = page.locator(f"#id_{HEALTH}")
    health.fill("Zara is healthy and loves swimming")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Saved at")
    assessment.refresh_from_db()
    assert assessment.version == 2
    assert assessment_values(assessment)[HEALTH] == "Zara is healthy and loves swimming"

    page.reload()
    expect(health).to_have_value("Zara is healthy and loves swimming")

    # A colleague saves the same field from version 2 while the lead keeps typing.
    assessment_save(
        assessment=assessment,
        base_version=2,
        changes={HEALTH: "Partner: Zara missed her dentist"},
        by=team_member.worker,
    )
    health.fill("Lead: Zara is well")
    expect(page.locator("#assessment-conflict")).to_contain_text("while you were editing")
    expect(page.locator("#assessment-conflict-versions")).to_contain_text(
        "Partner: Zara missed her dentist"
    )
    expect(status).to_contain_text("Autosave is paused")
    expect(health).to_have_value("Lead: Zara is well")
    assessment.refresh_from_db()
    assert assessment_values(assessment)[HEALTH] == "Partner: Zara missed her dentist"
    assert_accessible(page)

    # The lead saves their version on top, having seen both.
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.version == 4
    assert assessment_values(assessment)[HEALTH] == "Lead: Zara is well"


def test_the_no_javascript_conflict_page_keeps_both(
    browser,
    live_server,
    episode,  # noqa: F811
    lead_professional,
    team_member,  # noqa: F811
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    assessment = assessment_start(episode, lead_professional)
    page.context.add_cookies([verified_session_cookie(lead_professional, live_server.url)])
    page.goto(f"{live_server.url}/staff/casework/{episode.pk}/assessment")
    assessment_save(
        assessment=assessment,
        base_version=1,
        changes={"analysis": "The partner's analysis"},
        by=team_member.worker,
    )
    page.locator("#id_analysis").fill("The lead's analysis")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#assessment-conflict")).to_contain_text("while you were editing")
    expect(page.locator("#assessment-conflict-versions")).to_contain_text("The partner's analysis")
    expect(page.locator("#id_analysis")).to_have_value("The lead's analysis")
    page.get_by_role("button", name="Save draft").click()
    assessment.refresh_from_db()
    assert assessment_values(assessment)["analysis"] == "The lead's analysis"
    context.close()
