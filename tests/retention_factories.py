"""Factories for the retention app. Its periods are seeded by a migration (one row per kind), so
tests change those rows rather than make new ones (tests/test_factories.py NO_FACTORY)."""

import factory
from django.utils import timezone

from familyhub.retention.models import PurgeRun


class PurgeRunFactory(factory.django.DjangoModelFactory):
    """A purge that ran just now and removed one expired draft and its person."""

    class Meta:
        model = PurgeRun

    at = factory.LazyFunction(timezone.now)
    removed = factory.LazyFunction(
        lambda: {"frontdoor.SupportRequest": 1, "frontdoor.RequestPerson": 1}
    )
