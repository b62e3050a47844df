"""The first 1,001 days of a locality (who was invited, registered, came; reviews due and
overdue; counts; paged; every household shown audited) and reach (small numbers suppressed)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.startforlife.models import Milestone
from familyhub.startforlife.rules import shown_count
from familyhub.startforlife.selectors import PER_PAGE, first_days, reach
from tests.activities_factories import (
    AttendanceFactory,
    HubRegistrationFactory,
    SessionFactory,
)
from tests.families_factories import MembershipFactory, PersonFactory
from tests.startforlife_factories import (
    BirthNotificationFactory,
    MilestoneDoneFactory,
    PregnancyNotificationFactory,
    SentInvitationFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db


def born(sfl, days: int, **kwargs):
    return BirthNotificationFactory(
        family__local_authority=sfl.council,
        family__locality=sfl.locality,
        family__hub=sfl.hub,
        born_on=days_ago(days),
        **kwargs,
    )


def test_the_list_says_who_was_invited_registered_and_came_and_which_reviews_are_overdue(sfl):
    invited = born(sfl, 45)
    SentInvitationFactory(notification=invited)
    HubRegistrationFactory(family=invited.family, hub=sfl.hub)
    AttendanceFactory(family=invited.family)
    MilestoneDoneFactory(baby=invited.baby, family=invited.family, done_on=days_ago(33))
    forgotten = born(sfl, 20)  # new birth visit (10-14 days) not recorded: overdue
    PregnancyNotificationFactory(family__local_authority=sfl.council, family__locality=sfl.locality)
    born(sfl, 800)  # over two: not in the first 1,001 days any more
    BirthNotificationFactory(family__local_authority=sfl.council)  # another locality's

    view = first_days(sfl.locality, today=timezone.localdate(), page_number=None)

    assert (view.pregnancies, view.babies, view.invited, view.registered, view.came) == (
        1,
        2,
        1,
        1,
        1,
    )
    assert view.overdue == 1
    rows = {row.baby.pk: row for row in view.rows}
    first = rows[invited.baby.pk]
    assert first.invited_at is not None and first.registered and first.visits == 1
    states = {line.milestone: line.state for line in first.milestones}
    assert states[Milestone.NEW_BIRTH_VISIT] == "done"
    assert states[Milestone.SIX_TO_EIGHT_WEEKS] == "due"
    late = rows[forgotten.baby.pk]
    assert late.overdue and late.invited_at is None and not late.registered


def test_the_list_is_paged(sfl):
    for days in range(PER_PAGE + 3):
        born(sfl, days + 1)

    second = first_days(sfl.locality, today=timezone.localdate(), page_number="2")

    assert second.babies == PER_PAGE + 3
    assert len(second.rows) == 3


def test_the_page_audits_one_view_per_household_shown(sfl, client, staff_sign_in, locality_manager):
    twins = born(sfl, 30)
    born(sfl, 30, family=twins.family)
    other = born(sfl, 31)
    staff_sign_in(locality_manager)

    response = client.get(reverse("startforlife:first-days", args=[sfl.locality.pk]))

    assert response.status_code == 200
    assert str(twins.baby) in response.content.decode()
    views = AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, actor=locality_manager, record_type="families.family"
    )
    assert sorted(views.values_list("family_id", flat=True)) == sorted(
        [twins.family_id, other.family_id]
    )


def test_reach_counts_under_fives_registered_births_contacted_in_28_days_and_sustained(sfl):
    contacted = born(sfl, 60)
    SentInvitationFactory(
        notification=contacted,
        sent_at=timezone.make_aware(
            dt.datetime.combine(contacted.born_on + dt.timedelta(days=20), dt.time(10))
        ),
    )
    late = born(sfl, 90)
    SentInvitationFactory(
        notification=late,
        sent_at=timezone.make_aware(
            dt.datetime.combine(late.born_on + dt.timedelta(days=40), dt.time(10))
        ),
    )
    born(sfl, 400)  # notified more than a year ago
    HubRegistrationFactory(family=contacted.family, hub=sfl.hub)
    MembershipFactory(family=contacted.family, person=PersonFactory(date_of_birth=days_ago(1500)))
    MembershipFactory(family=contacted.family, person=PersonFactory(date_of_birth=days_ago(3000)))
    for weeks_ago in (1, 2, 3):  # three sessions at the hub: sustained engagement
        starts = timezone.now() - dt.timedelta(weeks=weeks_ago)
        visit = SessionFactory(location=sfl.hub, starts=starts, ends=starts + dt.timedelta(hours=1))
        AttendanceFactory(family=contacted.family, session=visit)

    localities, hubs = reach(sfl.council.code, today=timezone.localdate())

    [here] = [row for row in localities if row.name == sfl.locality.name]
    # the baby and the 4-year-old; the 8-year-old is over five
    assert (here.under_fives_registered, here.babies_notified) == (2, 2)
    assert (here.contacted_in_time, here.sustained) == (1, 1)
    [hub] = hubs
    assert (hub.name, hub.babies_notified, hub.under_fives_registered) == (sfl.hub.name, 2, 2)


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (12, "12")]
)
def test_small_numbers_are_suppressed(count, shown):
    assert shown_count(count) == shown
