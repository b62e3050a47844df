"""Who may see what in insight: each decision one function, called wherever it applies."""

from django.contrib.auth.models import AnonymousUser

from familyhub.accounts.models import Role, User
from familyhub.accounts.selectors import memberships_of

# Ofsted's lists name every child: the council's data analysts prepare them for inspection.
CHILD_LEVEL_ROLES = (Role.DATA_ANALYST,)


def early_help_list_councils(user: User | AnonymousUser) -> list[str]:
    """The councils whose early help list (Ofsted's Annex A, list 2) the user may download:
    those where they are a data analyst."""
    return sorted(
        {held.local_authority_id for held in memberships_of(user) if held.role in CHILD_LEVEL_ROLES}
    )


# Who reads the indicators: the analysts, who see every figure, and the locality managers, who
# run the hubs and see them with small numbers hidden.
INDICATOR_ROLES = (Role.DATA_ANALYST, Role.LOCALITY_MANAGER)


def insight_councils(user: User | AnonymousUser) -> list[str]:
    """The councils whose indicators the user may read."""
    return sorted(
        {held.local_authority_id for held in memberships_of(user) if held.role in INDICATOR_ROLES}
    )


def sees_small_numbers(user: User | AnonymousUser, local_authority_id: str) -> bool:
    """Whether the user sees counts under five: the council's analysts only."""
    return local_authority_id in early_help_list_councils(user)


def board_report_councils(user: User | AnonymousUser) -> list[str]:
    """The councils whose board reports the user may make and read: those whose indicators
    they read (the reports hide small numbers, whoever makes them)."""
    return insight_councils(user)
