"""The Content Security Policy in Chromium: key pages, public and staff, break none of it.

The browser reports each thing the policy blocks as a `securitypolicyviolation` event and a
console error; a listener installed before any page script collects both.
"""

import pytest
from playwright.sync_api import Page, expect

from familyhub.accounts.models import User
from familyhub.casework.models import Outcome
from familyhub.casework.services.assessment import assessment_start
from familyhub.casework.services.episodes import episode_step_up
from familyhub.casework.services.plan import need_add
from familyhub.directory.oruk.filters import public_services
from tests.browser.test_staff_pages import allocated_episode, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]

LISTEN_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"} at ` +
      `${event.sourceFile}:${event.lineNumber}`,
  );
});
"""


@pytest.fixture
def watched_page(page: Page):
    """A page that records what the policy blocks: events, and console errors that name it."""
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Content Security Policy" in message.text
            and page.console_errors.append(message.text)
        ),
    )
    return page


def violations(page: Page) -> list[str]:
    page.wait_for_load_state("load")
    return page.evaluate("window.cspViolations") + page.console_errors


def visit(page: Page, url: str, status: int = 200) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status == status, url
    return violations(page)


def test_the_listener_sees_a_violation(watched_page: Page, live_server):
    """So that the other tests can fail: an inline style added to a page is reported."""
    visit(watched_page, live_server.url + "/")
    watched_page.evaluate(
        "document.head.insertAdjacentHTML('beforeend', '<style>body { color: red; }</style>')"
    )
    expect(watched_page.locator("body")).to_be_visible()
    watched_page.wait_for_function("window.cspViolations.length > 0")
    assert any("style-src" in violation for violation in violations(watched_page))


def test_public_pages_break_no_policy_rule(watched_page: Page, live_server):
    service = public_services().first()
    for path, status in [
        ("/", 200),
        ("/find?postcode=E1+1BB", 200),
        (f"/services/{service.pk}", 200),
        ("/request-support/", 200),
        ("/staff/sign-in", 200),
        ("/no-such-page", 404),
    ]:
        assert visit(watched_page, live_server.url + path, status) == [], path


def test_staff_pages_with_scripts_break_no_policy_rule(watched_page: Page, live_server):
    episode = allocated_episode()
    lead = User.objects.get(email="lead.professional@example.org")
    need_add(
        episode,
        outcome=Outcome.HEALTH,
        description="Sleep is hard for the whole family.",
        baseline_score=7,
        by=lead,
    )
    assessment_start(episode, lead)
    sign_in_as(watched_page, live_server, "lead.professional@example.org")

    assert visit(watched_page, f"{live_server.url}/staff/casework/{episode.pk}/plan") == []
    expect(watched_page.locator(".familyhub-progress__bar--33")).to_have_count(1)

    # The autosave module posts with fetch and writes its status into the page.
    assert visit(watched_page, f"{live_server.url}/staff/casework/{episode.pk}/assessment") == []
    watched_page.locator("textarea").first.fill("Sleeps better since the new routine.")
    watched_page.locator("textarea").first.blur()
    expect(watched_page.locator("#autosave-status")).to_contain_text("Saved at")
    assert violations(watched_page) == []

    event = episode_step_up(episode=episode, by=lead, reason="A social work assessment is needed.")
    handover = f"{live_server.url}/staff/casework/{episode.pk}/handover/{event.pk}"
    assert visit(watched_page, handover) == []
