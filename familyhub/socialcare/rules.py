"""Who answers handovers: the council's children's social care, and nobody else.

A handover is addressed to children's social care, the way a referral is addressed to a
service: its social workers read it because it was sent to them (at levels 3 and 4 a family's
information is shared for safeguarding, with or without consent). Nobody else's access to a
family changes here.
"""

from django.contrib.auth.models import AnonymousUser

from familyhub.accounts.models import Role, User
from familyhub.accounts.selectors import memberships_of

SOCIAL_CARE_ROLES = (Role.SOCIAL_WORKER,)


def social_care_authority_ids(user: User | AnonymousUser) -> list[str]:
    """The councils whose children's social care the user works in."""
    return sorted(
        {held.local_authority_id for held in memberships_of(user) if held.role in SOCIAL_CARE_ROLES}
    )


def may_answer_handovers(user: User | AnonymousUser, local_authority_id: str) -> bool:
    return local_authority_id in social_care_authority_ids(user)


def social_care_organisation_ids(user: User | AnonymousUser) -> list:
    """The social care teams the user works for: a step-down is made for one of them."""
    return sorted(
        {held.organisation_id for held in memberships_of(user) if held.role in SOCIAL_CARE_ROLES},
        key=str,
    )


def social_care_organisation_id_in(
    user: User | AnonymousUser, local_authority_id: str
) -> str | None:
    """The user's social care team in that council (the first, if several): who answered."""
    found = sorted(
        (
            str(held.organisation_id)
            for held in memberships_of(user)
            if held.role in SOCIAL_CARE_ROLES and held.local_authority_id == local_authority_id
        ),
    )
    return found[0] if found else None
