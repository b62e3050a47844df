"""Deterministic ids for demo rows, so that reloading updates rather than duplicates."""

import uuid

# Fixed: changing it would make the next load add a second copy of the demo borough.
DEMO_NAMESPACE = uuid.UUID("b566ebe5-41c0-4888-b6d8-db9f01e63cc4")

# The DfE taxonomy as migration 0002_reference_data creates it (its ids are fixed there).
DFE_TAXONOMY_ID = uuid.UUID("489752cf-4a50-4db7-8dbf-b5f17182b000")


def demo_id(*parts: object) -> uuid.UUID:
    """The id of one demo row, named by what it is, e.g. demo_id("service", "stay-and-play")."""
    return uuid.uuid5(DEMO_NAMESPACE, ":".join(str(part) for part in parts))
