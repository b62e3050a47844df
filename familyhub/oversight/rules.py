"""Who may read the audit trail, of which council, and how much of each event.

The managers who answer for how records are used read their own council's events: who did
what to which record, and when. Why (the reason typed, the details) can say as much about a
family as the record itself, so it is shown only to a reader who may see that family, by the
same rule as the record (familyhub.families.rules); an administrator, who sees no individual
records, never reads it.
"""

import datetime as dt
from collections.abc import Iterable
from uuid import UUID

from django.contrib.auth.models import AnonymousUser

from familyhub.accounts.models import Role, User
from familyhub.audit.models import AuditEvent
from familyhub.families.rules import RecordKind, families_visible_to

AUDIT_READER_ROLES = (Role.LOCALITY_MANAGER, Role.ADMINISTRATOR)
# Records that are about members of staff, not about a family: any reader of the council's log
# may read why they were touched (a sign-in that failed, an account changed).
STAFF_RECORD_TYPES = ("accounts.user",)


def may_read_audit_log(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.memberships.filter(role__in=AUDIT_READER_ROLES).exists()


def audit_log_councils(user: User | AnonymousUser) -> list[str]:
    """The councils (ONS codes) whose events this user reads: those of the organisations where
    they hold a role that reads the log."""
    if not user.is_authenticated:
        return []
    return list(
        user.memberships.filter(role__in=AUDIT_READER_ROLES)
        .values_list("organisation__local_authority_id", flat=True)
        .distinct()
    )


def families_with_readable_reasons(
    user: User | AnonymousUser, family_ids: Iterable[UUID], *, now: dt.datetime
) -> set[UUID]:
    """Of these families, the ones this user may see some part of the record of."""
    wanted = [family_id for family_id in family_ids if family_id is not None]
    readable: set[UUID] = set()
    for kind in (RecordKind.PEOPLE, RecordKind.CHRONOLOGY):
        visible = families_visible_to(user, kind=kind, now=now).filter(pk__in=wanted)
        readable.update(visible.values_list("pk", flat=True))
    return readable


def may_read_reason(event: AuditEvent, *, readable_family_ids: set[UUID]) -> bool:
    """Whether the reader may read why this event happened (its reason and details).

    `readable_family_ids` comes from families_with_readable_reasons for the same reader.
    An event about no family is still withheld unless it is about staff: a front door request
    not yet in a family record is a family's story too.
    """
    if event.family_id is None:
        return event.record_type in STAFF_RECORD_TYPES
    return event.family_id in readable_family_ids
