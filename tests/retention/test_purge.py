"""The retention periods are data, and the daily purge deletes unsent drafts past theirs (with
the people in them), reports what it removed and leaves one audit event per run."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule

from familyhub.audit.models import AuditEvent
from familyhub.frontdoor.models import RequestPerson, SupportRequest
from familyhub.frontdoor.rules import DRAFT_LIFETIME
from familyhub.retention.models import PurgeRun, RetentionPeriod
from familyhub.retention.services import retention_purge
from tests.frontdoor_factories import (
    RequestPersonFactory,
    SubmittedRequestFactory,
    SupportRequestFactory,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def draft_begun(days_ago: float, *, people: int = 0, **kwargs) -> SupportRequest:
    draft = SupportRequestFactory(**kwargs)
    # `created` is auto_now_add: set it after the insert.
    SupportRequest.objects.filter(pk=draft.pk).update(created=NOW - dt.timedelta(days=days_ago))
    RequestPersonFactory.create_batch(people, request=draft)
    return draft


def test_the_periods_are_seeded_and_drafts_match_the_front_doors_lifetime():
    periods = {p.kind: p for p in RetentionPeriod.objects.all()}
    assert set(periods) == {"draft_request", "closed_episode", "audit_event"}
    assert dt.timedelta(days=periods["draft_request"].days) == DRAFT_LIFETIME == dt.timedelta(28)
    assert periods["draft_request"].purged
    assert periods["closed_episode"].purged
    # Never by the daily run: only by the approved purge_audit_trail (models.py says why).
    assert not periods["audit_event"].purged


def test_an_expired_draft_is_purged_with_its_people():
    expired = draft_begun(28.01, people=2)

    report = retention_purge(now=NOW)

    assert not SupportRequest.objects.filter(pk=expired.pk).exists()
    assert not RequestPerson.objects.filter(request_id=expired.pk).exists()
    assert report.removed == {"frontdoor.SupportRequest": 1, "frontdoor.RequestPerson": 2}
    assert report.total == 3


def test_a_draft_just_inside_its_period_is_kept():
    kept = draft_begun(27.99, people=1)

    report = retention_purge(now=NOW)

    assert SupportRequest.objects.filter(pk=kept.pk).exists()
    assert RequestPerson.objects.filter(request_id=kept.pk).count() == 1
    assert report.removed == {}


def test_a_sent_request_is_never_purged_by_the_draft_rule():
    sent = SubmittedRequestFactory()
    SupportRequest.objects.filter(pk=sent.pk).update(created=NOW - dt.timedelta(days=400))

    retention_purge(now=NOW)

    assert SupportRequest.objects.filter(pk=sent.pk).exists()
    assert RequestPerson.objects.filter(request_id=sent.pk).count() == 2


def test_the_period_is_read_from_the_data():
    draft = draft_begun(10)
    RetentionPeriod.objects.filter(kind="draft_request").update(days=7)

    retention_purge(now=NOW)

    assert not SupportRequest.objects.filter(pk=draft.pk).exists()


def test_a_period_not_marked_purged_deletes_nothing():
    draft = draft_begun(100)
    RetentionPeriod.objects.filter(kind="draft_request").update(purged=False)

    assert retention_purge(now=NOW).removed == {}
    assert SupportRequest.objects.filter(pk=draft.pk).exists()


def test_the_daily_run_never_purges_the_audit_trail_even_if_marked():
    RetentionPeriod.objects.filter(kind="audit_event").update(purged=True, days=1)
    before = AuditEvent.objects.count()

    retention_purge(now=NOW + dt.timedelta(days=10_000))

    # Only the run's own event is added; none removed.
    assert AuditEvent.objects.count() == before + 1


def test_batches_remove_every_expired_draft():
    for _ in range(5):
        draft_begun(30, people=1)
    kept = draft_begun(1)

    report = retention_purge(now=NOW, batch_size=2)

    assert report.removed == {"frontdoor.SupportRequest": 5, "frontdoor.RequestPerson": 5}
    assert list(SupportRequest.objects.values_list("pk", flat=True)) == [kept.pk]


def test_each_run_leaves_one_audit_event_with_the_counts_and_no_personal_data():
    draft_begun(40, people=1, contact_name="Amina Rahman", email="amina@example.org")
    before = AuditEvent.objects.count()

    retention_purge(now=NOW)

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-id").first()
    run = PurgeRun.objects.get()
    assert event.action == AuditEvent.Action.DELETE
    assert (event.record_type, event.record_id) == ("retention.purgerun", str(run.pk))
    assert event.actor_id is None
    assert event.details == {
        "removed": {"frontdoor.SupportRequest": 1, "frontdoor.RequestPerson": 1}
    }
    assert run.removed == event.details["removed"]
    trace = f"{event.reason} {event.details} {run.removed}"
    assert "Amina" not in trace
    assert "amina@example.org" not in trace


def test_a_second_run_removes_nothing_more_and_still_leaves_its_trace():
    draft_begun(40, people=1)
    draft_begun(5)
    retention_purge(now=NOW)

    again = retention_purge(now=NOW)

    assert again.removed == {}
    assert SupportRequest.objects.count() == 1
    assert PurgeRun.objects.count() == 2
    latest = AuditEvent.objects.order_by("-id").first()
    assert latest.details == {"removed": {}}


def test_the_daily_schedule_exists_after_migrate():
    schedule = Schedule.objects.get(name="Purge records past their retention period")
    assert schedule.func == "familyhub.retention.services.retention_purge"
    assert schedule.schedule_type == Schedule.DAILY
    assert schedule.repeats == -1


def test_the_command_purges_and_prints_the_report(capsys):
    draft_begun(60, people=3)
    # The command purges as of now: make the draft old as of now too.
    SupportRequest.objects.update(created=timezone.now() - dt.timedelta(days=60))

    call_command("purge_expired")

    out = capsys.readouterr().out
    assert "frontdoor.SupportRequest: 1" in out
    assert "frontdoor.RequestPerson: 3" in out
    assert not SupportRequest.objects.exists()

    call_command("purge_expired")
    assert "Nothing was past its retention period." in capsys.readouterr().out
