"""A year of the demo borough's history: made through the services, dated across the year,
at every stage, the same story each load, and real work on each demo account's home.

Loading takes a while, so each test reads one load for several things."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from familyhub.accounts.models import User
from familyhub.audit.selectors import ChainWalk, audit_chain_problems
from familyhub.casework.models import Episode, Review
from familyhub.demo.history import load_demo_history
from familyhub.demo.people import household
from familyhub.frontdoor.models import SupportRequest
from familyhub.home.cards import cards_for
from familyhub.places.models import LocalAuthority

pytestmark = pytest.mark.django_db
FAMILIES = 120
# Demo account → the card of its home that must have work in it, and the figure that counts it.
WORK = {
    "triage@example.org": ("triage.html", "waiting"),
    "lead.professional@example.org": ("caseload.html", "open"),
    "health.visitor@example.org": ("caseload.html", "open"),
    "locality.manager@example.org": ("locality.html", "open"),
    "school.practitioner@example.org": ("referrals.html", "total"),
    "dpo@example.org": ("data_protection.html", "overdue"),
}


@pytest.fixture
def council(demo_borough) -> LocalAuthority:
    return LocalAuthority.objects.get(code="E09000030")


def test_a_year_of_requests_decisions_and_episodes_at_every_stage(council):
    summary = load_demo_history(council, families=FAMILIES)

    sent = SupportRequest.objects.filter(submitted_at__isnull=False)
    assert sent.count() == summary.requests == FAMILIES
    assert timezone.now() - sent.order_by("submitted_at")[0].submitted_at > dt.timedelta(days=300)
    assert sent.filter(status=SupportRequest.Status.NEW).count() == summary.waiting > 0
    assert sent.filter(source=SupportRequest.Source.PRACTITIONER).exists()
    assert set(summary.decided) == {"signpost", "hub_allocation", "social_care"}
    assert {"open", "planned", "reviewed", "closed"} <= set(summary.episodes)
    # Referrals straight to a service were answered through the inbox, some all the way.
    assert "completed" in summary.referrals and len(summary.referrals) >= 2
    closed = Episode.objects.filter(status=Episode.Status.CLOSED)
    assert closed.count() == summary.episodes["closed"]
    assert Review.objects.exists()
    # Each step was stamped at its own moment, not at the moment of loading.
    for request in sent.filter(decided_at__isnull=False)[:20]:
        assert request.submitted_at < request.decided_at <= timezone.now()
    assert all(e.opened_on < e.closed_on <= timezone.localdate() for e in closed)
    # The audit events of the year make one intact chain.
    assert list(audit_chain_problems(ChainWalk())) == []
    # Loading again leaves it as it is.
    assert load_demo_history(council, families=FAMILIES) is None
    assert sent.count() == FAMILIES


def test_each_casework_demo_account_finds_real_work_on_its_home(council):
    load_demo_history(council, families=FAMILIES)

    for email, (template, figure) in WORK.items():
        cards = {
            card.template.rsplit("/", 1)[1]: card.context
            for card in cards_for(User.objects.get(email=email), now=timezone.now())
        }
        assert cards[template][figure] > 0, email
    health_visitor = User.objects.get(email="health.visitor@example.org")
    received = [
        c for c in cards_for(health_visitor, now=timezone.now()) if "received" in c.template
    ]
    assert received and received[0].context["referrals"]
    triage = cards_for(User.objects.get(email="triage@example.org"), now=timezone.now())[0]
    assert triage.context["decided"]


def test_the_same_seed_invents_the_same_households():
    today = dt.date(2026, 6, 1)
    first = [household(random.Random(7), today) for _ in range(3)]
    again = [household(random.Random(7), today) for _ in range(3)]

    assert first == again
