"""Who may see what of a family's record. Pages, the API and exports all ask here.

A member of staff sees a family only while their organisation is involved with it AND the
family's consent covers that organisation for that kind of record, or a safeguarding override
does. Roles that never work with individual families (directory, analysts, administrators) see
no family at all, whatever their organisation does.
"""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from familyhub.accounts.models import Role, User
from familyhub.families.models import (
    Consent,
    Family,
    Involvement,
    SafeguardingOverride,
)

# The roles whose work is with individual families.
CASEWORK_ROLES = (
    Role.TRIAGE,
    Role.LEAD_PROFESSIONAL,
    Role.PRACTITIONER,
    Role.LOCALITY_MANAGER,
)


class RecordKind:
    """The parts of a family record that consent is given for separately."""

    PEOPLE = "people"  # names, dates of birth, contact details, who is involved
    CHRONOLOGY = "chronology"  # events and notes


# Which consent scopes cover which kind of record.
SCOPES_COVERING = {
    RecordKind.PEOPLE: [Consent.Scope.WHOLE_RECORD, Consent.Scope.CONTACT_DETAILS],
    RecordKind.CHRONOLOGY: [Consent.Scope.WHOLE_RECORD, Consent.Scope.CHRONOLOGY],
}


def casework_organisation_ids(user: User | AnonymousUser) -> list:
    """The organisations through which this user works with families."""
    if not user.is_authenticated:
        return []
    return list(
        user.memberships.filter(role__in=CASEWORK_ROLES).values_list("organisation_id", flat=True)
    )


def _covering(kind: str, organisation_ids: list, now: dt.datetime) -> Q:
    """Families that these organisations are involved with, and may see this kind of record of."""
    today = now.date()
    involved = Involvement.objects.filter(
        Q(ended__isnull=True) | Q(ended__gte=today),
        family=OuterRef("pk"),
        organisation_id__in=organisation_ids,
        started__lte=today,
    )
    consented = Consent.objects.filter(
        family=OuterRef("pk"),
        scope__in=SCOPES_COVERING[kind],
        organisations__in=organisation_ids,
        given_at__lte=now,
        withdrawn_at__isnull=True,
    )
    overridden = SafeguardingOverride.objects.filter(
        Q(ends__isnull=True) | Q(ends__gt=now),
        family=OuterRef("pk"),
        organisation_id__in=organisation_ids,
        starts__lte=now,
    )
    return Q(Exists(involved)) & (Q(Exists(consented)) | Q(Exists(overridden)))


def families_visible_to(
    user: User | AnonymousUser, *, kind: str, now: dt.datetime
) -> QuerySet[Family]:
    """Every family this user may see this kind of record of; the rest is not even listed."""
    organisation_ids = casework_organisation_ids(user)
    if not organisation_ids:
        return Family.objects.none()
    return Family.objects.filter(_covering(kind, organisation_ids, now))


def can_see(user: User | AnonymousUser, family: Family, *, kind: str, now: dt.datetime) -> bool:
    return families_visible_to(user, kind=kind, now=now).filter(pk=family.pk).exists()


def can_see_any(user: User | AnonymousUser, family: Family, *, now: dt.datetime) -> bool:
    """Whether the user may see any part of the family's record (its people, its chronology)."""
    return any(
        can_see(user, family, kind=kind, now=now)
        for kind in (RecordKind.PEOPLE, RecordKind.CHRONOLOGY)
    )


def seen_under_override(user: User | AnonymousUser, family: Family, *, now: dt.datetime) -> bool:
    """Whether this user's sight of the family rests on a safeguarding override: pages flag it."""
    organisation_ids = casework_organisation_ids(user)
    return SafeguardingOverride.objects.filter(
        Q(ends__isnull=True) | Q(ends__gt=now),
        family=family,
        organisation_id__in=organisation_ids,
        starts__lte=now,
    ).exists()


# The named roles that may share a family's record without consent to protect a child.
OVERRIDE_ROLES = (Role.TRIAGE, Role.LOCALITY_MANAGER)


def may_override(user: User | AnonymousUser) -> bool:
    """Whether this user holds a role that may grant a safeguarding override."""
    if not user.is_authenticated:
        return False
    return user.memberships.filter(role__in=OVERRIDE_ROLES).exists()


# The roles that may decide two records are one person, and undo that decision. A wrong merge
# shows one family's history to another's workers, so it is kept to the same named roles.
MERGE_ROLES = (Role.TRIAGE, Role.LOCALITY_MANAGER)


def may_merge(user: User | AnonymousUser) -> bool:
    """Whether this user holds a role that may merge (and unmerge) people's records. Which
    people is still limited to those in families the user can see: the merge views check."""
    if not user.is_authenticated:
        return False
    return user.memberships.filter(role__in=MERGE_ROLES).exists()


def involved_organisation_ids(
    user: User | AnonymousUser, family: Family, *, now: dt.datetime
) -> list:
    """The user's casework organisations now involved with the family, consent or not.

    An override is granted where consent is missing, so the one granting it need not see the
    record yet; their organisation must still be working with the family.
    """
    today = now.date()
    return list(
        Involvement.objects.filter(
            Q(ended__isnull=True) | Q(ended__gte=today),
            family=family,
            organisation_id__in=casework_organisation_ids(user),
            started__lte=today,
        )
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def may_grant_override(user: User | AnonymousUser, family: Family, *, now: dt.datetime) -> bool:
    return may_override(user) and bool(involved_organisation_ids(user, family, now=now))


def covering_organisation_ids(
    user: User | AnonymousUser, family: Family, *, kind: str, now: dt.datetime
) -> list:
    """Which of the user's organisations may see this kind of the family's record: the ones a
    chronology entry can be recorded for."""
    this_family = Family.objects.filter(pk=family.pk)
    return [
        organisation_id
        for organisation_id in dict.fromkeys(casework_organisation_ids(user))
        if this_family.filter(_covering(kind, [organisation_id], now)).exists()
    ]
