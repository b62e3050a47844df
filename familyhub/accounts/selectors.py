"""Reads about staff: what roles they hold."""

from familyhub.accounts.models import User


def roles_of(user: User) -> set[str]:
    """Every role the user holds, in any organisation (one query)."""
    return set(user.memberships.values_list("role", flat=True))
