"""The casework fixtures (a family of the cast's council and its open episode) for home pages."""

from tests.casework.conftest import episode, family  # noqa: F401
