"""Reads about staff: who they are, and what roles they hold."""

from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AnonymousUser

from familyhub.accounts.models import User

# Where a request keeps the user's memberships once read (see memberships_of). Absent outside a
# request, so a rule asked before and after a change of role, in a test or a command, sees it.
_KEPT = "_memberships_this_request"
_NOT_READ_YET = object()


@dataclass(frozen=True)
class RoleHeld:
    """One membership as rules ask about it: which role, in which organisation, of which
    council."""

    role: str
    organisation_id: UUID
    local_authority_id: str


def _read_memberships(user: User) -> tuple[RoleHeld, ...]:
    return tuple(
        RoleHeld(role, organisation_id, local_authority_id)
        for role, organisation_id, local_authority_id in user.memberships.values_list(
            "role", "organisation_id", "organisation__local_authority_id"
        ).order_by("pk")
    )


def memberships_keep_for_request(user: User | AnonymousUser) -> None:
    """Let this request read the user's memberships once (RequestMembershipsMiddleware): a
    page asks several rules, and the navigation, about the same roles."""
    if user.is_authenticated:
        setattr(user, _KEPT, _NOT_READ_YET)


def memberships_of(user: User | AnonymousUser) -> tuple[RoleHeld, ...]:
    """Every role the user holds and where (one query, or none if this request read them).

    Kept on the request's own user object only: each request loads its user afresh, so a
    change of role counts from the next request on.
    """
    if not user.is_authenticated:
        return ()
    kept = getattr(user, _KEPT, None)
    if kept is None:
        return _read_memberships(user)
    if kept is _NOT_READ_YET:
        kept = _read_memberships(user)
        setattr(user, _KEPT, kept)
    return kept


def roles_of(user: User) -> set[str]:
    """Every role the user holds, in any organisation."""
    return {held.role for held in memberships_of(user)}


def user_by_email(email: str) -> User | None:
    """The account with this email address, whatever its case."""
    return User.objects.filter(email__iexact=email).first()
