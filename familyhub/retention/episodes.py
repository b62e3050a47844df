"""The purge of closed episodes past their period (RetentionPeriod CLOSED_EPISODE: 7 years from
the day the episode was closed, `Episode.closed_on`).

What goes with an episode: everything that exists only because of it, which is everything that
hangs off it in casework — its history (EpisodeEvent), its assessments with their areas and the
children's voices, its Team Around the Family with the meetings, its plan (needs, actions) and
its reviews with their scores. The request for help that opened it goes too, once no episode
left still names it: the request is the start of the same piece of work, and its answers are the
family's words about it.

Each episode counts its own closure date: a family under a safeguarding override, or with a
later episode still open, keeps that later episode (and the record), not an episode closed
seven years ago. An episode stepped up to social care is not closed here (its record is social
care's), so it is not purged by this rule.

What stays: the family record (household, people, involvements, chronology, consents) is not
the episode's, it is the family's, and another piece of work may need it. It goes only when
nothing needs it any more and nothing has happened in it for the whole period, which are all
of:

- no episode left, whatever its state;
- no request of theirs still waiting for triage, and no join waiting for a locality manager;
- no consent in force (given and not withdrawn), no safeguarding override in force;
- nothing within the period: the record unchanged, no chronology entry recorded, no consent
  given or withdrawn, no request changed, no involvement that ended (or is still going) since
  the cutoff.

Then the record goes with its households, involvements, chronology, consents and overrides, and
so do its people who belong to no household left. Anything still protected by a record above
this app (a data protection request names its person and request and keeps them, as a legal
record of its own) is kept: those rows are skipped, not forced, and the next run tries again.

Audit events are not touched: they are the trail of who saw the family and follow their own
period, purged only by the approved route (`purge_audit_trail`).

Only counts leave this module (by model label), never names or references.
"""

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone

from familyhub.casework.models import ChildVoice, Episode, PlanAction
from familyhub.families.models import (
    ChronologyEvent,
    Consent,
    Family,
    Involvement,
    Person,
    SafeguardingOverride,
)
from familyhub.families.models import Membership as HouseholdMember
from familyhub.frontdoor.models import SupportRequest


def _counts(by_model: dict[str, int]) -> Counter[str]:
    return Counter({label: count for label, count in by_model.items() if count})


def expired_episodes(cutoff: dt.datetime) -> QuerySet[Episode]:
    """Closed before the cutoff's day (in local time, as `closed_on` is)."""
    return Episode.objects.filter(
        status=Episode.Status.CLOSED, closed_on__lt=timezone.localdate(cutoff)
    )


def _episodes_purge(cutoff: dt.datetime, batch_size: int) -> tuple[Counter[str], set]:
    """Delete expired episodes in batches. Returns the counts and the ids of the requests the
    episodes named (to be looked at once every episode is gone)."""
    removed: Counter[str] = Counter()
    requests: set = set()
    while True:
        with transaction.atomic():
            batch = list(
                expired_episodes(cutoff)
                .select_for_update(skip_locked=True)
                .values_list("pk", "request_id")[:batch_size]
            )
            if not batch:
                return removed, requests
            ids = [pk for pk, _ in batch]
            requests.update(request_id for _, request_id in batch if request_id)
            # An action's owner is a team member the episode also takes with it, and the owner
            # is PROTECTed against leaving its actions behind: the actions go first.
            _, actions = PlanAction.objects.filter(need__episode__in=ids).delete()
            _, episodes = expired_episodes(cutoff).filter(pk__in=ids).delete()
        removed += _counts(actions) + _counts(episodes)


def _delete_unless_protected(queryset: QuerySet) -> Counter[str]:
    """Delete each row in a savepoint of its own: a row something above still protects is kept
    (and tried again next run) without undoing the others."""
    removed: Counter[str] = Counter()
    for row in queryset:
        try:
            with transaction.atomic():
                _, by_model = row.delete()
        except (ProtectedError, RestrictedError):
            continue
        removed += _counts(by_model)
    return removed


def _requests_purge(request_ids: set, batch_size: int) -> Counter[str]:
    """The requests of purged episodes that no episode left names."""
    removed: Counter[str] = Counter()
    ids = sorted(request_ids, key=str)
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            orphans = SupportRequest.objects.filter(pk__in=ids[start : start + batch_size]).exclude(
                Exists(Episode.objects.filter(request=OuterRef("pk")))
            )
            removed += _delete_unless_protected(orphans.select_for_update(skip_locked=True))
    return removed


def families_left_with_nothing(cutoff: dt.datetime, *, now: dt.datetime) -> QuerySet[Family]:
    """Families nothing needs any more and nothing happened to within the period (module
    docstring)."""
    family = OuterRef("pk")
    since = timezone.localdate(cutoff)
    return Family.objects.filter(modified__lt=cutoff).exclude(
        Q(Exists(Episode.objects.filter(family=family)))
        | Q(Exists(SupportRequest.objects.filter(family=family, status=SupportRequest.Status.NEW)))
        | Q(Exists(SupportRequest.objects.filter(family=family, modified__gte=cutoff)))
        | Q(Exists(_waiting_joins_of(family)))
        | Q(
            Exists(
                Consent.objects.filter(family=family, given_at__lte=now, withdrawn_at__isnull=True)
            )
        )
        | Q(
            Exists(
                SafeguardingOverride.objects.filter(
                    Q(ends__isnull=True) | Q(ends__gt=now), family=family
                )
            )
        )
        | Q(Exists(ChronologyEvent.objects.filter(family=family, recorded_at__gte=cutoff)))
        | Q(
            Exists(
                Consent.objects.filter(
                    Q(given_at__gte=cutoff) | Q(withdrawn_at__gte=cutoff), family=family
                )
            )
        )
        | Q(
            Exists(
                Involvement.objects.filter(
                    Q(ended__isnull=True) | Q(ended__gte=since), family=family
                )
            )
        )
    )


def _waiting_joins_of(family: OuterRef) -> QuerySet:
    # Triage sits above retention: its PendingJoin is reached through the request it belongs
    # to (`pending_join`, a one-to-one from triage), never imported.
    return SupportRequest.objects.filter(
        pending_join__family=family, pending_join__status="pending"
    )


def _people_left_with_nothing(people: set) -> QuerySet[Person]:
    """Of these people, those in no household any more and heard in no assessment left."""
    return Person.objects.filter(pk__in=people, households__isnull=True).exclude(
        Exists(ChildVoice.objects.filter(child=OuterRef("pk")))
    )


def _families_purge(cutoff: dt.datetime, now: dt.datetime, batch_size: int) -> Counter[str]:
    removed: Counter[str] = Counter()
    # Families a record above protects are kept; not asked for again in this run.
    tried: set = set()
    while True:
        with transaction.atomic():
            batch = list(
                families_left_with_nothing(cutoff, now=now)
                .exclude(pk__in=tried)
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:batch_size]
            )
            if not batch:
                return removed
            tried.update(batch)
            # The people of these households, to look at once the households are gone.
            people = set(
                HouseholdMember.objects.filter(family__in=batch).values_list("person", flat=True)
            )
            removed += _delete_unless_protected(Family.objects.filter(pk__in=batch))
            removed += _delete_unless_protected(_people_left_with_nothing(people))


def closed_episodes_purge(cutoff: dt.datetime, now: dt.datetime, batch_size: int) -> Counter[str]:
    """Expired closed episodes with what hangs off them, their requests, then the families
    (and people) left with nothing. Counts by model label."""
    removed, request_ids = _episodes_purge(cutoff, batch_size)
    removed += _requests_purge(request_ids, batch_size)
    removed += _families_purge(cutoff, now, batch_size)
    return removed
