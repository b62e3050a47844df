"""A year in the demo borough: about 500 invented families asking for help, triage deciding,
and early help episodes at every stage, so every demo account finds real work on its home.

Everything is made through the services the pages use (the front door's, triage's, casework's),
each step at the moment it would have happened: time_machine moves the clock, so submissions,
decisions, audit events and reviews carry a year of dates. A seeded generator picks the
families and what happens to them, so every load tells the same story; the references are the
front door's own, drawn by the service as for any request. Loaded once: a borough with sent
requests already is left as it is.
"""

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from uuid import UUID

import time_machine
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from familyhub.accounts.models import Membership, Organisation, Role, User
from familyhub.casework.models import Episode
from familyhub.casework.services.notices import actions_due_notify
from familyhub.dataprotection.models import DataProtectionRequest
from familyhub.dataprotection.services import dp_request_record
from familyhub.demo.history_casework import live_through
from familyhub.demo.history_front_door import (
    answer,
    answer_steps,
    decide,
    family_request,
    first_contact,
    practitioner_referral,
)
from familyhub.demo.history_social_care import answer_handovers
from familyhub.demo.ids import demo_id
from familyhub.demo.people import household
from familyhub.demo.switch import require_demo_switch
from familyhub.directory.models import Service
from familyhub.families.models import Person
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.frontdoor.referrals.rules import referrable_services
from familyhub.notifications.models import Notice
from familyhub.notifications.services import notices_mark_read
from familyhub.places.models import LocalAuthority, Postcode

SEED = 2026
# Notices older than this are read by the time the demo starts; newer ones wait unread.
NOTICES_UNREAD_FOR = dt.timedelta(days=14)
FAMILIES = 500
# Requests sent in the last three days are still in the triage queue.
WAITING = 18
URGENT_SHARE = 0.05
REFERRAL_SHARE = 0.2
# Levels of need (by number) and how often triage places a request at each.
LEVEL_ODDS = {1: 30, 2: 55, 3: 10, 4: 5}
URGENT_LEVEL_ODDS = {2: 30, 3: 45, 4: 25}
# The demo lead professional carries a full caseload; colleagues share the rest.
COLLEAGUES = [
    ("Jordan", "early-help"),
    ("Morgan", "early-help"),
    ("Casey", "early-help"),
    ("Riley", "early-help"),
    ("Avery", "early-help"),
    ("Quinn", "early-help"),
    ("Jamie", "health-visiting"),
    ("Sasha", "health-visiting"),
]
LEAD_WEIGHT = {"lead.professional@example.org": 3, "health.visitor@example.org": 2}
# The organisations whose services the school refers to directly, and who answers for each.
ANSWERERS = {
    "health-visiting": "health.visitor@example.org",
    "early-help": "lead.professional@example.org",
}
REFERRERS = {"school.practitioner@example.org": 3, "health.visitor@example.org": 2}


@dataclass
class HistorySummary:
    requests: int = 0
    waiting: int = 0
    decided: Counter[str] = field(default_factory=Counter)
    episodes: Counter[str] = field(default_factory=Counter)
    data_protection_requests: int = 0
    # Referrals straight to a service, by the state the service's answers reached.
    referrals: Counter[str] = field(default_factory=Counter)
    # Handovers children's social care answered, by kind and answer.
    handovers: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Cast:
    triage: User
    triage_organisation: Organisation
    leads: list[User]
    lead_weights: list[int]
    referrers: list[tuple[User, Organisation]]
    referrer_weights: list[int]
    # Services a referral may go straight to, and who answers for each one's organisation.
    services: list[Service]
    answerers: dict[UUID, User]


@contextmanager
def at(when: dt.datetime) -> Iterator[None]:
    """Run the block as if it were `when`: the services stamp what they write with it."""
    with time_machine.travel(when, tick=False):
        yield


def _colleague(first: str, organisation: Organisation, password: str) -> User:
    email = f"{first.lower()}.colleague@example.org"
    user = User.objects.filter(email=email).first() or User.objects.create_user(email=email)
    user.first_name, user.last_name, user.password = first, "Example", password
    user.save()
    Membership.objects.get_or_create(
        user=user, organisation=organisation, role=Role.LEAD_PROFESSIONAL
    )
    return user


def _cast(la: LocalAuthority) -> Cast:
    organisations = {
        key: Organisation.objects.get(pk=demo_id("organisation", key))
        for key in {"early-help", "health-visiting", "marner-primary"}
    }
    # Colleagues cannot sign in (no demo password): they are there to share the work.
    unusable = make_password(None)
    colleagues = [_colleague(first, organisations[key], unusable) for first, key in COLLEAGUES]
    emails = {*LEAD_WEIGHT, *REFERRERS, *ANSWERERS.values()}
    named = {email: User.objects.get(email=email) for email in emails}
    answerers = {organisations[key].pk: named[email] for key, email in ANSWERERS.items()}
    referrer_organisations = {
        "school.practitioner@example.org": organisations["marner-primary"],
        "health.visitor@example.org": organisations["health-visiting"],
    }
    triage = User.objects.get(email="triage@example.org")
    return Cast(
        triage=triage,
        triage_organisation=triage.memberships.get(role=Role.TRIAGE).organisation,
        leads=[named[email] for email in LEAD_WEIGHT] + colleagues,
        lead_weights=list(LEAD_WEIGHT.values()) + [1] * len(colleagues),
        referrers=[(named[email], referrer_organisations[email]) for email in REFERRERS],
        referrer_weights=list(REFERRERS.values()),
        services=list(referrable_services(la).filter(organisation_id__in=answerers)),
        answerers=answerers,
    )


def _sent_at(rng: random.Random, index: int, now: dt.datetime) -> dt.datetime:
    if index < WAITING:
        return now - dt.timedelta(hours=rng.uniform(1, 70))
    return now - dt.timedelta(days=rng.uniform(4, 365), hours=rng.uniform(0, 8))


def _ask(rng, cast: Cast, postcodes: list[Postcode], now: dt.datetime, index: int):
    sent = _sent_at(rng, index, now)
    people = household(rng, timezone.localdate(sent))
    postcode = rng.choice(postcodes)
    urgent = rng.random() < URGENT_SHARE
    service = None
    with at(sent):
        if rng.random() < REFERRAL_SHARE:
            referrer, organisation = rng.choices(cast.referrers, weights=cast.referrer_weights)[0]
            # The school refers some families straight to a health or early help service.
            if organisation.pk not in cast.answerers and not urgent and rng.random() < 0.5:
                service = rng.choice(cast.services)
            request = practitioner_referral(
                rng,
                people,
                postcode,
                practitioner=referrer,
                organisation=organisation,
                urgent=urgent,
                service=service,
            )
        else:
            request = family_request(rng, people, postcode, urgent=urgent)
    return request, sent, urgent, service


def _answer_referral(rng, cast: Cast, referral: SupportRequest, sent, now, summary) -> None:
    """The receiving service answers, step by step, through its inbox's services."""
    answerer = cast.answerers[referral.service.organisation_id]
    steps = answer_steps(rng, (now - sent).total_seconds() / 86400)
    for days, step in steps:
        with at(sent + dt.timedelta(days=days)):
            answer(referral, step, by=answerer)
    summary.referrals[steps[-1][1] if steps else "new"] += 1


def _triage(rng, cast: Cast, levels, request: SupportRequest, sent, urgent, now, summary):
    contacted = sent + dt.timedelta(hours=rng.uniform(1, 2 if urgent else 30))
    if contacted < now:
        with at(contacted):
            first_contact(request, cast.triage)
    decided = sent + dt.timedelta(hours=rng.uniform(2, 6) if urgent else rng.uniform(30, 80))
    if decided >= now:
        summary.waiting += 1
        return
    odds = URGENT_LEVEL_ODDS if urgent else LEVEL_ODDS
    level = levels[rng.choices(list(odds), weights=list(odds.values()))[0]]
    lead = None
    if level.route == NeedLevel.Route.HUB_ALLOCATION:
        lead = rng.choices(cast.leads, weights=cast.lead_weights)[0]
    with at(decided):
        decide(
            request,
            level=level,
            by=cast.triage,
            triage_organisation=cast.triage_organisation,
            lead=lead,
        )
    summary.decided[level.route] += 1
    if lead is not None:
        episode = Episode.objects.get(request=request)
        summary.episodes[live_through(episode, lead=lead, rng=rng, now=now, at=at)] += 1


# The data protection officer's year: requests about people the history made, received this many
# days ago, so some are new, one is close to its month and one is past it.
DATA_PROTECTION = [
    (DataProtectionRequest.Kind.SUBJECT_ACCESS, 3, "A parent asking for a copy of their record"),
    (DataProtectionRequest.Kind.RECTIFICATION, 12, "A child's date of birth was typed wrongly"),
    (DataProtectionRequest.Kind.SUBJECT_ACCESS, 26, "A young person asking what is held"),
    (DataProtectionRequest.Kind.ERASURE, 40, "A parent asking for their record to be deleted"),
]


def _data_protection_requests(rng: random.Random, la: LocalAuthority, now: dt.datetime) -> int:
    officer = User.objects.get(email="dpo@example.org")
    people = list(Person.objects.filter(local_authority=la).order_by("family_name", "pk")[:200])
    for kind, days_ago, details in DATA_PROTECTION:
        person = rng.choice(people)
        with at(now - dt.timedelta(days=days_ago)):
            dp_request_record(
                local_authority=la,
                kind=kind,
                requester_name=f"{person.given_name} {person.family_name}".strip() or "A parent",
                identity_check=DataProtectionRequest.IdentityCheck.PHOTO_ID,
                received_on=timezone.localdate(),
                person=person,
                details=details,
                by=officer,
            )
    return len(DATA_PROTECTION)


def load_demo_history(
    la: LocalAuthority, *, families: int = FAMILIES, seed: int = SEED
) -> HistorySummary | None:
    """Make the year's history, all of it or none; None if the borough already has one."""
    require_demo_switch()
    if SupportRequest.objects.filter(local_authority=la, submitted_at__isnull=False).exists():
        return None
    rng = random.Random(seed)
    now = timezone.now()
    levels = {level.number: level for level in NeedLevel.objects.filter(local_authority=la)}
    postcodes = list(
        Postcode.objects.filter(local_authority_code=la.code, terminated=False).order_by("postcode")
    )
    summary = HistorySummary()
    with transaction.atomic():
        cast = _cast(la)
        for index in range(families):
            request, sent, urgent, service = _ask(rng, cast, postcodes, now, index)
            summary.requests += 1
            if service is None:
                _triage(rng, cast, levels, request, sent, urgent, now, summary)
            else:
                _answer_referral(rng, cast, request, sent, now, summary)
        summary.handovers = answer_handovers(
            rng,
            social_worker=User.objects.get(email="social.worker@example.org"),
            triage=cast.triage,
            leads=cast.leads,
            level_2=levels[2],
            now=now,
            at=at,
        )
        summary.data_protection_requests = _data_protection_requests(rng, la, now)
        _notices_settle(now)
    return summary


def _notices_settle(now: dt.datetime) -> None:
    """Staff have read their older notices by now, as they would have over the year, and the
    day's job has told leads of the plan actions coming due: each account keeps a few unread."""
    old = Notice.objects.filter(read_at__isnull=True, created__lt=now - NOTICES_UNREAD_FOR)
    for user in User.objects.filter(notices__in=old).distinct():
        ids = list(old.filter(recipient=user).values_list("pk", flat=True))
        with at(now - NOTICES_UNREAD_FOR):
            notices_mark_read(user=user, ids=ids)
    actions_due_notify()
