"""Reads about staff: who they are, and what roles they hold."""

from familyhub.accounts.models import User


def roles_of(user: User) -> set[str]:
    """Every role the user holds, in any organisation (one query)."""
    return set(user.memberships.values_list("role", flat=True))


def user_by_email(email: str) -> User | None:
    """The account with this email address, whatever its case."""
    return User.objects.filter(email__iexact=email).first()
