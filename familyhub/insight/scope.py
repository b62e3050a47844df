"""Where the figures are for: a council, one of its localities, or one hub."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    local_authority_id: str
    locality_id: int | None = None
    hub_id: UUID | None = None

    def of(self, prefix: str = "") -> Q:
        """The filter for records that carry a council, locality and hub (requests, episodes),
        reached through `prefix` ("episode__" for a review)."""
        condition = Q(**{f"{prefix}local_authority_id": self.local_authority_id})
        if self.locality_id is not None:
            condition &= Q(**{f"{prefix}locality_id": self.locality_id})
        if self.hub_id is not None:
            condition &= Q(**{f"{prefix}hub_id": self.hub_id})
        return condition
