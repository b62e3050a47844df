"""Children's social care's part of the demo year: the handovers it answered (most accepted,
some returned to early help with advice), the newest still waiting in its inbox, and the
returned requests allocated by triage again. Made through socialcare's and triage's services."""

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager

from familyhub.accounts.models import Role, User
from familyhub.casework.models import Episode, EpisodeEvent
from familyhub.demo.history_front_door import decide
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.socialcare.models import HandoverAnswer
from familyhub.socialcare.services import request_answer, step_up_answer

Clock = Callable[[dt.datetime], AbstractContextManager[None]]
Decision = HandoverAnswer.Decision
# The newest handovers from the front door are still waiting for social care's answer, so the
# demo social worker's inbox has work whatever the size of the history loaded.
WAITING = 4
RETURN_SHARE = 0.3
ADVICE = (
    "Below the threshold for a child in need assessment now. Early help should work with the "
    "parents on routines and school attendance; call us at once if anything new is disclosed."
)


def answer_handovers(
    rng: random.Random,
    *,
    social_worker: User,
    triage: User,
    leads: list[User],
    level_2: NeedLevel,
    now: dt.datetime,
    at: Clock,
) -> Counter[str]:
    """Answer every handover but the newest WAITING, a few days after each was made (the
    step-ups too, except any made in the last week)."""
    answered: Counter[str] = Counter()
    team = social_worker.memberships.get(role=Role.SOCIAL_WORKER).organisation
    triage_organisation = triage.memberships.get(role=Role.TRIAGE).organisation
    handed_over = list(
        SupportRequest.objects.filter(
            local_authority=level_2.local_authority, status=SupportRequest.Status.HANDED_OVER
        ).order_by("decided_at", "pk")
    )
    for request in handed_over[:-WAITING]:
        returned = rng.random() < RETURN_SHARE
        answered_at = min(request.decided_at + dt.timedelta(days=rng.uniform(1, 4)), now)
        with at(answered_at):
            request_answer(
                request=request,
                by=social_worker,
                decision=Decision.RETURNED if returned else Decision.ACCEPTED,
                advice=ADVICE if returned else "",
            )
        if returned:
            # Triage allocates early help the next day, with social care's advice beside it.
            request.refresh_from_db()
            with at(min(answered_at + dt.timedelta(days=1), now)):
                decide(
                    request,
                    level=level_2,
                    by=triage,
                    triage_organisation=triage_organisation,
                    lead=rng.choice(leads),
                )
        answered["request " + ("returned" if returned else "accepted")] += 1
    step_ups = EpisodeEvent.objects.filter(
        kind=EpisodeEvent.Kind.STEPPED_UP,
        episode__local_authority=level_2.local_authority,
        episode__status=Episode.Status.STEPPED_UP,
        recorded_at__lt=now - dt.timedelta(days=7),
    ).order_by("recorded_at", "pk")
    for step_up in step_ups:
        returned = rng.random() < RETURN_SHARE
        with at(step_up.recorded_at + dt.timedelta(days=rng.uniform(1, 4))):
            step_up_answer(
                step_up=step_up,
                by=social_worker,
                organisation=team,
                decision=Decision.RETURNED if returned else Decision.ACCEPTED,
                advice=ADVICE if returned else "",
            )
        answered["step-up " + ("returned" if returned else "accepted")] += 1
    return answered
