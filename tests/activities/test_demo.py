"""The demo's What's on: sessions at the hubs, online and on the bus, loaded once."""

import pytest
from django.core.management import call_command

from familyhub.activities.models import Session

pytestmark = pytest.mark.django_db


def test_the_demo_fills_whats_on_once_and_the_bus_is_never_in_two_places(demo_borough, client):
    call_command("load_demo_activities", verbosity=0)
    made = Session.objects.count()
    call_command("load_demo_activities", verbosity=0)
    assert Session.objects.count() == made > 0
    assert Session.objects.filter(vehicle__isnull=False).exists()
    assert Session.objects.filter(location__kind="virtual").exists()
    assert "Baby&#x27;s Day Out welcome session" in client.get("/whats-on/").text
