"""Every other staff page type in Chromium, with no axe violations: the Team Around the Family
and its meetings, step-up and its handover summary, reassignment, step-down, the locality
caseload, the family record's forms and the audit trail."""

import pytest
from playwright.sync_api import Page

from familyhub.accounts.models import User
from familyhub.casework.services.episodes import episode_step_up
from tests.browser.axe import assert_accessible
from tests.browser.helpers import allocated_episode, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]


def check(page: Page, live_server, path: str) -> None:
    response = page.goto(live_server.url + path)
    assert response is not None and response.ok, path
    assert_accessible(page)


def test_every_other_staff_page_type_has_no_axe_violations(page: Page, live_server):
    episode = allocated_episode()
    family = episode.family

    sign_in_as(page, live_server, "lead.professional@example.org")
    for path in [
        "/staff/casework/episodes/",
        f"/staff/casework/{episode.pk}/team",
        f"/staff/casework/{episode.pk}/meeting",
        f"/staff/casework/{episode.pk}/step-up",
        f"/staff/families/{family.pk}/chronology/new",
        f"/staff/families/{family.pk}/consent/new",
    ]:
        check(page, live_server, path)

    sign_in_as(page, live_server, "locality.manager@example.org")
    for path in [
        "/staff/casework/caseload/locality",
        f"/staff/casework/{episode.pk}/reassign",
        f"/staff/casework/step-down/{family.pk}",
        f"/staff/families/{family.pk}/override/new",
        "/staff/audit/",
        f"/staff/audit/?family={family.reference}",
    ]:
        check(page, live_server, path)

    event = episode_step_up(
        episode=episode,
        by=User.objects.get(email="lead.professional@example.org"),
        reason="Concerns have grown: a social work assessment is needed.",
    )
    sign_in_as(page, live_server, "lead.professional@example.org")
    check(page, live_server, f"/staff/casework/{episode.pk}/handover/{event.pk}")
