"""Social care's tests stand on casework's family and episodes (tests/casework/conftest.py)."""

from tests.casework.conftest import (  # noqa: F401  (casework's fixtures, shared here)
    episode,
    family,
    stepped_up_episode,
)
