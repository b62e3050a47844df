"""The demo borough loader: what it loads, and that loading again changes nothing."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from familyhub.accounts.models import Membership, Organisation, Role, Sector, User
from familyhub.demo import datafiles
from familyhub.demo.accounts import DEMO_PASSWORD
from familyhub.demo.datafiles import DemoDataError
from familyhub.demo.organisations import demo_organisations
from familyhub.directory.models import (
    CostOption,
    Language,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from familyhub.places.models import LocalAuthority, Locality, LocalitySector, Postcode
from familyhub.places.rules import postcode_sector

DEMO_LA = "E09000030"


def _counts() -> dict[str, int]:
    models = [
        LocalAuthority,
        Locality,
        LocalitySector,
        Location,
        Organisation,
        Service,
        ServiceAtLocation,
        Schedule,
        CostOption,
        User,
        Membership,
        TaxonomyTerm,
        Language,
        Postcode,
        Service.languages.through,
        Service.terms.through,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_demo_borough_has_four_localities_each_with_a_main_hub(demo_borough):
    la = LocalAuthority.objects.get(code=DEMO_LA)
    localities = Locality.objects.filter(local_authority=la)

    assert la.slug == "tower-hamlets"
    assert sorted(localities.values_list("name", flat=True)) == [
        "North East",
        "North West",
        "South East",
        "South West",
    ]
    for locality in localities:
        hubs = Location.objects.filter(locality=locality, kind=Location.Kind.MAIN_HUB)
        assert hubs.count() == 1
        # Every spoke hangs off its own locality's hub.
        spokes = Location.objects.filter(kind=Location.Kind.SPOKE, locality=locality)
        assert spokes.exists()
        assert set(spokes.values_list("hub", flat=True)) == {hubs.get().pk}


def test_demo_borough_has_centres_libraries_venues_and_an_online_offer(demo_borough):
    centres = Location.objects.filter(
        kind=Location.Kind.SPOKE, name__endswith="Children and Family Centre"
    )

    assert centres.count() >= 12
    assert centres.values("locality").distinct().count() == 4
    assert Location.objects.filter(name__startswith="Idea Store").count() >= 3
    assert Location.objects.filter(kind=Location.Kind.VENUE).exists()
    assert Location.objects.filter(changing_places=True).count() >= 2
    online = Location.objects.get(kind=Location.Kind.VIRTUAL)
    assert online.name == "Family Hub online"
    assert online.postcode == "" and online.easting is None
    assert online.organisation.sector == Sector.COUNCIL


def test_every_placed_location_is_at_a_real_postcode_with_coordinates(demo_borough):
    placed = Location.objects.exclude(postcode="")

    assert placed.count() >= 40
    for location in placed:
        postcode = Postcode.objects.get(postcode=location.postcode)
        assert postcode.local_authority_code == DEMO_LA
        assert (location.easting, location.northing) == (postcode.easting, postcode.northing)
        assert location.latitude == postcode.latitude
        assert location.longitude == postcode.longitude
        assert location.locality is not None
        assert location.nearest_transport


def test_every_borough_postcode_sector_maps_to_a_locality(demo_borough):
    sectors = {
        postcode_sector(code)
        for code in Postcode.objects.filter(local_authority_code=DEMO_LA).values_list(
            "postcode", flat=True
        )
    }
    mapped = dict(
        LocalitySector.objects.filter(local_authority_id=DEMO_LA).values_list(
            "sector", "locality__slug"
        )
    )

    assert sectors <= mapped.keys()
    assert set(mapped.values()) == {"north-west", "north-east", "south-east", "south-west"}
    # Each placed location's locality is the one its postcode sector maps to.
    for location in Location.objects.exclude(postcode="").exclude(kind=Location.Kind.MAIN_HUB):
        assert mapped[postcode_sector(location.postcode)] == location.locality.slug


def test_demo_borough_has_partners_of_every_sector(demo_borough):
    organisations = Organisation.objects.filter(local_authority_id=DEMO_LA)

    assert organisations.count() >= 40
    assert set(organisations.values_list("sector", flat=True)) == set(Sector.values)
    assert organisations.filter(status=Organisation.Status.PENDING).count() == 2
    assert all(org.email.endswith("@example.org") for org in organisations)
    assert all(org.phone.startswith("020 7946 0") for org in organisations)


def test_outreach_bus_stops_at_estates_on_a_weekly_timetable(demo_borough):
    bus = Service.objects.get(name="Family Hub outreach bus")
    stops = Location.objects.filter(kind=Location.Kind.BUS_STOP)
    schedules = Schedule.objects.filter(service_at_location__service=bus)

    assert stops.count() >= 8
    assert set(bus.at_locations.values_list("location", flat=True)) == set(
        stops.values_list("pk", flat=True)
    )
    assert all(sal.schedules.exists() for sal in bus.at_locations.all())
    assert set(schedules.values_list("weekday", flat=True)) == {0, 1, 2, 3, 4, 5}


def test_demo_services_are_many_varied_and_well_formed(demo_borough):
    services = Service.objects.filter(local_authority_id=DEMO_LA)
    today = timezone.localdate()
    stale = services.filter(last_checked__lt=today - dt.timedelta(days=183))

    assert services.count() >= 200
    assert services.filter(languages__code="bn").count() >= 4
    assert services.filter(languages__code="so").count() >= 4
    assert services.filter(name__startswith="Triple P").exists()
    assert services.filter(name__startswith="Strengthening Families").count() >= 12
    assert services.filter(for_pregnancy=True).exists()
    assert services.filter(maximum_age=25).exists()
    assert {choice for choice, _ in Service.Access.choices} == set(
        services.values_list("access", flat=True)
    )
    assert 10 <= stale.count() <= 25
    paid = services.filter(is_free=False)
    assert paid.exists()
    assert not paid.filter(Q(fees_description="") | Q(cost_options__isnull=True)).exists()
    # Every service has 1-3 places and 1-3 weekly sessions (the bus has its own timetable).
    counted = services.exclude(name="Family Hub outreach bus").annotate(
        places=Count("at_locations", distinct=True),
        sessions=Count("at_locations__schedules", distinct=True),
        categories=Count("terms", distinct=True),
    )
    for service in counted:
        assert 1 <= service.places <= 3, service
        assert 1 <= service.sessions <= 3, service
        assert 1 <= service.categories <= 3, service
    online_only = services.filter(at_locations__location__kind=Location.Kind.VIRTUAL)
    assert online_only.exists() and not online_only.filter(online=False).exists()
    assert not Schedule.objects.filter(opens_at__gte=F("closes_at")).exists()


def test_demo_accounts_sign_in_with_the_demo_password(demo_borough):
    manager = User.objects.get(email="directory.manager@example.org")

    assert manager.check_password(DEMO_PASSWORD)
    assert manager.memberships.get().role == Role.DIRECTORY_MANAGER
    assert manager.memberships.get().organisation.sector == Sector.COUNCIL
    editors = Membership.objects.filter(role=Role.DIRECTORY_EDITOR)
    assert set(editors.values_list("user__email", flat=True)) == {
        "editor@example.org",
        "nhs.editor@example.org",
        "council.editor@example.org",
    }
    assert set(editors.values_list("organisation__sector", flat=True)) == {
        Sector.VOLUNTARY,
        Sector.NHS,
        Sector.COUNCIL,
    }


def test_loading_twice_changes_nothing(demo_borough):
    before = _counts()

    call_command("load_demo_borough", verbosity=0)

    assert _counts() == before


def test_command_prints_a_summary_and_the_demo_accounts(postcodes, capsys):
    call_command("load_demo_borough")

    out = capsys.readouterr().out
    assert "4 localities" in out
    assert "directory.manager@example.org" in out
    assert DEMO_PASSWORD in out


def test_a_typo_in_a_data_file_stops_the_load_naming_the_row(monkeypatch, tmp_path):
    (tmp_path / "organisations.csv").write_text(
        "key,name,sector,status,description\nfood-bank,Food bank,charity,approved,Food.\n"
    )
    monkeypatch.setattr(datafiles, "DATA", tmp_path)
    demo_organisations.cache_clear()
    try:
        with pytest.raises(DemoDataError, match="organisation food-bank: 'charity' is not one of"):
            demo_organisations()
    finally:
        demo_organisations.cache_clear()
