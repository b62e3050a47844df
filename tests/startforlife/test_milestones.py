"""The health visiting reviews: when each is due from the date of birth, overdue once its last
day has passed, and recorded as done by health visiting."""

import datetime as dt

import pytest

from familyhub.audit.models import AuditEvent
from familyhub.startforlife.models import Milestone, MilestoneDone
from familyhub.startforlife.rules import MilestoneState, milestone_state, milestone_window
from familyhub.startforlife.services import milestone_record
from tests.startforlife_factories import BirthNotificationFactory

BORN = dt.date(2026, 1, 31)


@pytest.mark.parametrize(
    ("milestone", "window"),
    [
        (Milestone.NEW_BIRTH_VISIT, (dt.date(2026, 2, 10), dt.date(2026, 2, 14))),
        (Milestone.SIX_TO_EIGHT_WEEKS, (dt.date(2026, 3, 14), dt.date(2026, 3, 28))),
        (Milestone.ONE_YEAR, (dt.date(2026, 10, 31), dt.date(2027, 1, 31))),
        # 31 January + 30 months: the last day of July.
        (Milestone.TWO_YEARS, (dt.date(2028, 1, 31), dt.date(2028, 7, 31))),
    ],
)
def test_each_review_is_due_in_its_window_from_the_date_of_birth(milestone, window):
    assert milestone_window(milestone, BORN) == window


@pytest.mark.parametrize(
    ("today", "done", "state"),
    [
        (dt.date(2026, 2, 9), False, MilestoneState.NOT_YET),
        (dt.date(2026, 2, 10), False, MilestoneState.DUE),
        (dt.date(2026, 2, 14), False, MilestoneState.DUE),
        (dt.date(2026, 2, 15), False, MilestoneState.OVERDUE),
        (dt.date(2026, 2, 15), True, MilestoneState.DONE),
    ],
)
def test_the_new_birth_visit_is_overdue_the_day_after_its_fourteenth(today, done, state):
    assert milestone_state(Milestone.NEW_BIRTH_VISIT, born_on=BORN, done=done, today=today) == state


@pytest.mark.django_db
def test_recording_a_review_keeps_it_once_and_audits_it(sfl):
    notification = BirthNotificationFactory(family__local_authority=sfl.council)
    baby, family = notification.baby, notification.family

    first = milestone_record(
        baby=baby,
        family=family,
        milestone=Milestone.NEW_BIRTH_VISIT,
        done_on=notification.born_on + dt.timedelta(days=11),
        by=sfl.visitor,
    )
    again = milestone_record(
        baby=baby,
        family=family,
        milestone=Milestone.NEW_BIRTH_VISIT,
        done_on=notification.born_on + dt.timedelta(days=12),
        by=sfl.visitor,
    )

    assert first.pk == again.pk
    assert MilestoneDone.objects.get().done_on == notification.born_on + dt.timedelta(days=12)
    actions = list(
        AuditEvent.objects.filter(record_type="startforlife.milestonedone", family_id=family.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [AuditEvent.Action.CREATE, AuditEvent.Action.CHANGE]
