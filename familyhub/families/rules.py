"""Who may see what of a family's record. Pages, the API and exports all ask here.

A member of staff sees a family only while their organisation is involved with it AND the
family's consent covers that organisation for that kind of record, or a safeguarding override
does. Roles that never work with individual families (directory, analysts, administrators) see
no family at all, whatever their organisation does.
"""

import datetime as dt
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from familyhub.accounts.models import Organisation, Role, User
from familyhub.accounts.selectors import memberships_of
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
    return [held.organisation_id for held in memberships_of(user) if held.role in CASEWORK_ROLES]


def _live_consents(now: dt.datetime) -> QuerySet[Consent]:
    """Consents given by now and not withdrawn: the one definition of "in force"."""
    return Consent.objects.filter(given_at__lte=now, withdrawn_at__isnull=True)


def _consents_in_force(
    kind: str, now: dt.datetime, *, family: Family | OuterRef, organisation: Organisation | OuterRef
) -> QuerySet[Consent]:
    """Consents in force that share this kind of record of the family with the organisation
    (each given as a value or an OuterRef)."""
    return _live_consents(now).filter(
        family=family, organisations=organisation, scope__in=SCOPES_COVERING[kind]
    )


def consent_coverage(family: Family, *, now: dt.datetime) -> dict[UUID, frozenset[str]]:
    """{organisation id: the kinds of record (RecordKind) the family's consent in force shares
    with it}: what a join compares with a request's answer."""
    coverage: dict[UUID, set[str]] = {}
    for organisation_id, scope in (
        _live_consents(now).filter(family=family).values_list("organisations", "scope")
    ):
        if organisation_id is None:
            continue
        kinds = {kind for kind, scopes in SCOPES_COVERING.items() if scope in scopes}
        coverage.setdefault(organisation_id, set()).update(kinds)
    return {organisation_id: frozenset(kinds) for organisation_id, kinds in coverage.items()}


def _overrides_in_force(
    now: dt.datetime, *, family: Family | OuterRef, organisation: Organisation | OuterRef
) -> QuerySet[SafeguardingOverride]:
    return SafeguardingOverride.objects.filter(
        Q(ends__isnull=True) | Q(ends__gt=now),
        family=family,
        organisation=organisation,
        starts__lte=now,
    )


def _in_force(kind: str, now: dt.datetime, *, ignoring_consent: int | None = None) -> Q:
    """Consent, or a safeguarding override, in force for the organisation of the outer query's
    row (an involvement): sight always flows through one and the same organisation.
    `ignoring_consent` asks what would remain without that one consent."""
    family, organisation = OuterRef("family"), OuterRef("organisation")
    consents = _consents_in_force(kind, now, family=family, organisation=organisation)
    if ignoring_consent is not None:
        consents = consents.exclude(pk=ignoring_consent)
    overrides = _overrides_in_force(now, family=family, organisation=organisation)
    return Q(Exists(consents)) | Q(Exists(overrides))


def _current_involvements(today: dt.date) -> QuerySet[Involvement]:
    return Involvement.objects.filter(
        Q(ended__isnull=True) | Q(ended__gte=today), started__lte=today
    )


def _involved_and_covered(kind: str, organisation_ids: list, now: dt.datetime) -> Exists:
    """Whether one of these organisations is involved with the outer query's family AND,
    through that same organisation, may see this kind of its record (consent or a
    safeguarding override).

    Involvement through one organisation and consent for another never add up to sight: a
    worker who belongs to both sees only what each organisation may see by itself.
    """
    return Exists(
        _current_involvements(now.date()).filter(
            _in_force(kind, now),
            family=OuterRef("pk"),
            organisation_id__in=organisation_ids,
        )
    )


def _covering(kind: str, organisation_ids: list, now: dt.datetime) -> Q:
    """Families these organisations may see this kind of record of (_involved_and_covered)."""
    return Q(_involved_and_covered(kind, organisation_ids, now))


def _involved_under_override(
    organisation_ids: list, now: dt.datetime, *, family: Family | OuterRef
) -> QuerySet[Involvement]:
    """Current involvements of these organisations with the family whose organisation has a
    safeguarding override in force: sight resting on no consent."""
    overridden = _overrides_in_force(
        now, family=OuterRef("family"), organisation=OuterRef("organisation")
    )
    return _current_involvements(now.date()).filter(
        Exists(overridden), family=family, organisation_id__in=organisation_ids
    )


def families_visible_to(
    user: User | AnonymousUser, *, kind: str, now: dt.datetime
) -> QuerySet[Family]:
    """Every family this user may see this kind of record of; the rest is not even listed."""
    organisation_ids = casework_organisation_ids(user)
    if not organisation_ids:
        return Family.objects.none()
    return Family.objects.filter(_covering(kind, organisation_ids, now))


def families_with_sight(user: User | AnonymousUser, *, now: dt.datetime) -> QuerySet[Family]:
    """Every family the user may see any part of, each annotated with what they see:
    `sees_people` and `sees_chronology` (can_see for each RecordKind) and `under_override`
    (seen_under_override). The record page asks all three of one family in one query."""
    organisation_ids = casework_organisation_ids(user)
    if not organisation_ids:
        return Family.objects.none()
    sight = {
        f"sees_{kind}": _involved_and_covered(kind, organisation_ids, now)
        for kind in (RecordKind.PEOPLE, RecordKind.CHRONOLOGY)
    }
    return Family.objects.annotate(
        **sight,
        under_override=Exists(
            _involved_under_override(organisation_ids, now, family=OuterRef("pk"))
        ),
    ).filter(Q(sees_people=True) | Q(sees_chronology=True))


def can_see(user: User | AnonymousUser, family: Family, *, kind: str, now: dt.datetime) -> bool:
    return families_visible_to(user, kind=kind, now=now).filter(pk=family.pk).exists()


def can_see_any(user: User | AnonymousUser, family: Family, *, now: dt.datetime) -> bool:
    """Whether the user may see any part of the family's record (its people, its chronology)."""
    return any(
        can_see(user, family, kind=kind, now=now)
        for kind in (RecordKind.PEOPLE, RecordKind.CHRONOLOGY)
    )


def seen_under_override(user: User | AnonymousUser, family: Family, *, now: dt.datetime) -> bool:
    """Whether this user's sight of the family rests on a safeguarding override (through an
    organisation of theirs working with the family, as sight itself does): pages flag it."""
    return _involved_under_override(casework_organisation_ids(user), now, family=family).exists()


# The named roles that may share a family's record without consent to protect a child.
OVERRIDE_ROLES = (Role.TRIAGE, Role.LOCALITY_MANAGER)


def may_override(user: User | AnonymousUser) -> bool:
    """Whether this user holds a role that may grant a safeguarding override."""
    return any(held.role in OVERRIDE_ROLES for held in memberships_of(user))


# The roles that may decide two records are one person, and undo that decision. A wrong merge
# shows one family's history to another's workers, so it is kept to the same named roles.
MERGE_ROLES = (Role.TRIAGE, Role.LOCALITY_MANAGER)


def may_merge(user: User | AnonymousUser) -> bool:
    """Whether this user holds a role that may merge (and unmerge) people's records. Which
    people is still limited to those in families the user can see: the merge views check."""
    return any(held.role in MERGE_ROLES for held in memberships_of(user))


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


def organisation_covered(
    family: Family, organisation: Organisation, *, kind: str, now: dt.datetime
) -> bool:
    """Whether the family's consent (or a safeguarding override) lets this organisation see
    this kind of its record, involved yet or not: a lead professional is chosen only from an
    organisation it covers, so that she can always see her own case."""
    return (
        _consents_in_force(kind, now, family=family, organisation=organisation).exists()
        or _overrides_in_force(now, family=family, organisation=organisation).exists()
    )


def kinds_seen_by_organisation(
    family: Family, *, now: dt.datetime, ignoring_consent: int | None = None
) -> dict:
    """{organisation id: the kinds of the record it sees} for every organisation involved
    with the family now; `ignoring_consent` answers as if that consent were withdrawn."""
    seen: dict = {}
    for kind in (RecordKind.PEOPLE, RecordKind.CHRONOLOGY):
        organisation_ids = (
            _current_involvements(now.date())
            .filter(_in_force(kind, now, ignoring_consent=ignoring_consent), family=family)
            .values_list("organisation_id", flat=True)
        )
        for organisation_id in organisation_ids:
            seen.setdefault(organisation_id, set()).add(kind)
    return seen


def is_lead_professional_of(
    user: User | AnonymousUser, family: Family, *, now: dt.datetime
) -> bool:
    """Whether the user is named as the family's lead professional on a current involvement."""
    return (
        user.is_authenticated
        and _current_involvements(now.date())
        .filter(family=family, worker=user, role=Involvement.Role.LEAD_PROFESSIONAL)
        .exists()
    )


# The council's roles that, besides the family's own lead professional, may record that a
# family withdrew consent: the front door that first recorded it and the managers who
# answer for every episode. Any other viewer (a partner practitioner, a team member) tells
# one of them: a withdrawal hides the record from the whole team, so it is not for anyone.
WITHDRAWAL_ROLES = (Role.TRIAGE, Role.LOCALITY_MANAGER)


def may_withdraw_consent(user: User | AnonymousUser, family: Family, *, now: dt.datetime) -> bool:
    """Whether the user may record that the family withdrew a consent: they see the family's
    people (where consents are listed) and are its lead professional, or hold a withdrawal
    role in an organisation of the family's council."""
    if not user.is_authenticated or not can_see(user, family, kind=RecordKind.PEOPLE, now=now):
        return False
    return is_lead_professional_of(user, family, now=now) or _holds_withdrawal_role(user, family)


def _holds_withdrawal_role(user: User | AnonymousUser, family: Family) -> bool:
    return any(
        held.role in WITHDRAWAL_ROLES and held.local_authority_id == family.local_authority_id
        for held in memberships_of(user)
    )


# The record page reads all the family's involvements to show them; these answer the same
# questions as the rules above from that list, instead of asking the database again.


def _current_on(involvement: Involvement, today: dt.date) -> bool:
    """The same test as _current_involvements, for one involvement already read."""
    return involvement.started <= today and (
        involvement.ended is None or involvement.ended >= today
    )


def may_grant_override_given(
    user: User | AnonymousUser, involvements: list[Involvement], *, now: dt.datetime
) -> bool:
    """may_grant_override, from every involvement of the family."""
    mine = set(casework_organisation_ids(user))
    return may_override(user) and any(
        _current_on(i, now.date()) and i.organisation_id in mine for i in involvements
    )


def may_withdraw_consent_given(
    user: User | AnonymousUser,
    family: Family,
    involvements: list[Involvement],
    *,
    sees_people: bool,
    now: dt.datetime,
) -> bool:
    """may_withdraw_consent, from every involvement of the family and whether the user sees
    its people (families_with_sight)."""
    if not user.is_authenticated or not sees_people:
        return False
    is_lead = any(
        _current_on(i, now.date())
        and i.worker_id == user.pk
        and i.role == Involvement.Role.LEAD_PROFESSIONAL
        for i in involvements
    )
    return is_lead or _holds_withdrawal_role(user, family)


def may_edit_household(user: User | AnonymousUser, family: Family, *, now: dt.datetime) -> bool:
    """Whether the user may keep the household's details current (add or remove a member,
    record a birth, change needs, languages and ethnicity): they work with the family through
    a casework role (triage, lead professional, partner practitioner, locality manager) in an
    organisation involved with it that the family's consent lets see its people. The details
    they change are the ones they are shown; roles that never work with individual families
    (directory, analysts, data protection, administrators) never see them, so never change them.
    """
    return user.is_authenticated and can_see(user, family, kind=RecordKind.PEOPLE, now=now)


def may_edit_household_given(user: User | AnonymousUser, *, sees_people: bool) -> bool:
    """may_edit_household, from what the record page already read (families_with_sight only
    counts casework organisations involved and covered): no further query."""
    return user.is_authenticated and sees_people
