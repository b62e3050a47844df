"""Factories for insight's models: a board report as kept.

BoardReportFactory(local_authority=council)   # last quarter's, a one-page PDF
"""

import datetime as dt

import factory
from django.utils import timezone

from familyhub.insight.models import BoardReport
from tests.factories import LocalAuthorityFactory, StaffFactory


class BoardReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardReport

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    starts = dt.date(2026, 7, 1)
    ends = dt.date(2026, 9, 30)
    made_at = factory.LazyFunction(timezone.now)
    made_by = factory.SubFactory(StaffFactory, role="locality_manager")
    pdf = b"%PDF-1.4\n% a kept report\n%%EOF\n"
