"""Importing another publisher's ORUK JSON: the profile's own examples, reruns, bad records."""

import copy
import json
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from familyhub.accounts.models import Organisation
from familyhub.directory.models import Location, Schedule, Service, ServiceAtLocation, TaxonomyTerm
from familyhub.directory.oruk.importer import import_data, import_path
from familyhub.directory.oruk.merge import latlon_to_grid
from familyhub.places.models import LocalAuthority
from tests.directory.test_oruk_api import build_directory
from tests.factories import LocalAuthorityFactory

EXAMPLES = Path(__file__).parent / "oruk_examples"
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"


@pytest.fixture
def la(db) -> LocalAuthority:
    return LocalAuthorityFactory()


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"example-{name}.json").read_text())


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Organisation, Service, Location,
                                              ServiceAtLocation, Schedule))  # fmt: skip


def test_full_service_example_imports(la):
    report = import_data(example("service_full"), la)
    assert report.skipped == []
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.name == "Community Counselling"
    assert (service.minimum_age, service.maximum_age) == (12, 100)
    assert service.last_checked.isoformat() == "2005-01-01"
    assert service.organisation.status == Organisation.Status.APPROVED
    assert service.organisation.local_authority == la
    assert not service.is_free
    place = service.at_locations.get().location
    # Latitude 100 is not a place on Earth, and "ABC 1234" is not a UK postcode.
    assert (place.latitude, place.easting, place.postcode) == (None, None, "")
    assert place.hearing_loop is False
    # "TH,FR" 10:00-18:00 becomes one weekly row per day.
    sessions = Schedule.objects.filter(service_at_location__service=service)
    assert sorted(s.weekday for s in sessions) == [3, 4]
    assert service.cost_options.get().amount == 35
    term = service.terms.get()
    assert str(term.id) == "3f7b145d-84af-42d7-8fae-eaca714b02b2"
    assert term.taxonomy.name == "taxonomy"
    assert report.created["services"] == 1


def test_every_service_example_imports_and_a_rerun_only_updates(la, tmp_path):
    # Every shape with services: one service, a list page, an organization with services.
    for name in ("service_full", "service_list", "organization_full"):
        (tmp_path / f"{name}.json").write_text((EXAMPLES / f"example-{name}.json").read_text())
    first = import_path(tmp_path, la)
    assert first.skipped == []
    before = counts()
    assert before[:2] == (1, 1)  # all the examples describe the same organisation and service
    second = import_path(tmp_path, la)
    assert second.skipped == []
    assert counts() == before
    assert "services" not in second.created and second.updated["services"] >= 1
    assert TaxonomyTerm.objects.filter(pk="3f7b145d-84af-42d7-8fae-eaca714b02b2").count() == 1


def test_bad_records_are_reported_and_skipped_good_ones_kept(la):
    good = example("service_full")
    no_name = copy.deepcopy(good) | {"id": str(uuid.uuid4())}
    del no_name["name"]
    ages = copy.deepcopy(good) | {"id": str(uuid.uuid4()), "name": "Backwards ages",
                                  "minimum_age": 18, "maximum_age": 5}  # fmt: skip
    times = copy.deepcopy(good) | {"id": str(uuid.uuid4()), "name": "Backwards times",
                                   "service_at_locations": []}  # fmt: skip
    times["schedules"][0] |= {"opens_at": "18:00", "closes_at": "10:00"}
    blank = copy.deepcopy(good) | {"id": str(uuid.uuid4()), "name": "Blank", "description": " "}
    report = import_data([no_name, good, ages, times, blank], la)
    assert Service.objects.count() == 1
    assert len(report.skipped) == 4
    text = "\n".join(report.skipped)
    assert f"service {no_name['id']}" in text and "'name' is a required property" in text
    assert "'Backwards ages'" in text and "minimum_age 18 is above maximum_age 5" in text
    assert "'Backwards times'" in text and "opens at 18:00 but closes at 10:00" in text
    assert "'Blank'" in text and "description is missing" in text


def test_a_record_owned_by_another_authority_is_skipped(la):
    import_data(example("service_full"), la)
    other = LocalAuthorityFactory(code="E09000001", name="City of London", slug="city")
    report = import_data(example("service_full"), other)
    assert "already belongs to E09000030" in report.skipped[0]
    assert Service.objects.get().local_authority == la


def test_known_postcode_places_the_location(la, postcodes):
    record = example("service_full")
    address = record["service_at_locations"][0]["location"]["addresses"][0]
    address["postal_code"] = "e3 4aa"
    import_data(record, la)
    place = Location.objects.get()
    assert (place.postcode, place.easting, place.northing) == ("E3 4AA", 536713, 181754)


def test_latlon_without_known_postcode_is_put_on_the_grid(la):
    record = example("service_full")
    record["service_at_locations"][0]["location"] |= {"latitude": 51.5184, "longitude": -0.062}
    import_data(record, la)
    place = Location.objects.get()
    assert (place.easting, place.northing) == latlon_to_grid(51.5184, -0.062)
    assert abs(place.easting - 534500) < 100 and abs(place.northing - 181700) < 100


def test_round_trip_through_our_api_gives_an_equivalent_service(client, postcodes):
    directory = build_directory()
    stay = directory.stay_and_play
    published = client.get(f"/api/oruk/services/{stay.id}").json()

    def summary(service: Service) -> dict:
        return {
            "fields": (service.name, service.description, service.url, service.email,
                       service.phone, service.minimum_age, service.maximum_age, service.is_free,
                       service.fees_description, service.last_checked, service.status),
            "organisation": service.organisation.name,
            "languages": sorted(service.languages.values_list("code", flat=True)),
            "terms": sorted(service.terms.values_list("pk", flat=True)),
            "costs": sorted(service.cost_options.values_list("option", "amount")),
            "places": sorted(
                (s.location.name, s.location.postcode, s.location.easting, s.location.step_free,
                 s.location.hearing_loop)
                for s in service.at_locations.select_related("location")
            ),
            "sessions": sorted(Schedule.objects.filter(service_at_location__service=service)
                               .values_list("weekday", "opens_at", "closes_at")),
        }  # fmt: skip

    before = summary(stay)
    # Ids are the publisher's, so the original must go before the same records land elsewhere.
    Location.objects.filter(at_locations__service=stay).delete()
    stay.organisation.delete()
    fresh = LocalAuthorityFactory(code="E09000001", name="City of London", slug="city")
    report = import_data(published, fresh)
    assert report.skipped == []
    copy_ = Service.objects.get(pk=stay.id)
    assert copy_.local_authority == fresh
    assert summary(copy_) == before
    # And what we publish for the copy is what we published for the original.
    again = client.get(f"/api/oruk/services/{stay.id}").json()
    drop = {"last_modified"}
    assert {k: v for k, v in again.items() if k not in drop} == {
        k: v for k, v in published.items() if k not in drop
    }


def test_command_reports_counts_and_reasons(la, tmp_path):
    bad = example("service_full") | {"id": str(uuid.uuid4()), "minimum_age": 30,
                                      "maximum_age": 3, "name": "Odd ages"}  # fmt: skip
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    (tmp_path / "good.json").write_text(json.dumps(example("service_full")))
    out = StringIO()
    call_command("import_oruk", str(tmp_path), "--la", la.code, stdout=out)
    text = out.getvalue()
    assert "Created" in text and "1 services" in text
    assert "skipped bad.json: service" in text and "'Odd ages'" in text
    assert "minimum_age 30 is above maximum_age 3" in text
