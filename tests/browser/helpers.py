"""Steps and records the browser tests share, on the demo borough."""

import datetime as dt

from playwright.sync_api import Page

from familyhub.accounts.models import User
from familyhub.casework.models import Episode
from familyhub.frontdoor.models import SupportRequest
from tests.accounts.helpers import verified_session_cookie
from tests.frontdoor_factories import SubmittedRequestFactory, request_allocate


def sign_in_as(page: Page, live_server, who: User | str) -> None:
    """Sign a member of staff (or the demo account with this email) in on the page's browser,
    signing out whoever was there: a verified Django session, as a cookie. Sign-in itself is
    tested step by step in test_sign_in.py."""
    user = who if isinstance(who, User) else User.objects.get(email=who)
    page.context.clear_cookies()
    page.context.add_cookies([verified_session_cookie(user, live_server.url)])


def a_request_from_a_family(*, urgent: bool = False) -> SupportRequest:
    """Nadia Example's request about her son Idris, sent to the demo council three hours ago."""
    return SubmittedRequestFactory(
        hours_ago=3,
        worries="My son is not sleeping and I feel very low.",
        parent_name="Nadia",
        family_name="Example",
        child__given_name="Idris",
        child__date_of_birth=dt.date(2023, 9, 14),
        safeguarding_concern=urgent,
    )


def allocated_episode(
    lead_email: str = "lead.professional@example.org", reason: str = "A Team Around the Family."
) -> Episode:
    """The episode opened when demo triage allocates a family's request at level 2 to the demo
    lead professional with this email."""
    request = request_allocate(
        a_request_from_a_family(),
        by=User.objects.get(email="triage@example.org"),
        lead_professional=User.objects.get(email=lead_email),
        reason=reason,
    )
    return Episode.objects.get(family=request.family)
