"""The ORUK read API: every answer validated against the profile's compiled JSON Schemas."""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest

from familyhub.accounts.models import Organisation
from familyhub.directory.models import CostOption, Location, Service
from familyhub.directory.oruk.schemas import contract, page_validator, validator
from familyhub.places.models import Postcode
from tests.factories import (
    LanguageFactory,
    LocationFactory,
    OrganisationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)

API = "/api/oruk"


@dataclass
class Directory:
    """A small, realistic slice of a borough's directory, and its hidden records."""

    stay_and_play: Service
    teen_drop_in: Service
    online_course: Service
    inactive: Service
    pending: Service
    baby_term: uuid.UUID
    parenting_term: uuid.UUID
    taxonomy: uuid.UUID
    other_taxonomy: uuid.UUID


def _place(postcode: str, name: str) -> Location:
    grid = Postcode.objects.get(postcode=postcode)
    return LocationFactory(
        name=name, postcode=postcode, easting=grid.easting, northing=grid.northing,
        latitude=grid.latitude, longitude=grid.longitude, step_free=True, hearing_loop=True,
    )  # fmt: skip


def build_directory() -> Directory:
    """Services at Whitechapel (E1 1BJ), Bow (E3 4AA) and Canary Wharf (E14 5AB), and online."""
    categories = TaxonomyFactory(name="Family Hub categories", uri="https://example.org/tax")
    other = TaxonomyFactory(name="Other taxonomy")
    parenting = TaxonomyTermFactory(taxonomy=categories, name="Parenting support")
    babies = TaxonomyTermFactory(taxonomy=categories, name="Baby groups", parent=parenting)
    TaxonomyTermFactory(taxonomy=other, name="Unused")
    english = LanguageFactory(code="en", name="English")
    bengali = LanguageFactory(code="bn", name="Bengali")
    org = OrganisationFactory(name="Tower Hamlets Council", website="https://example.org")

    stay = ServiceFactory(
        organisation=org, name="Stay and play", minimum_age=0, maximum_age=5,
        url="https://example.org/stay", email="play@example.org", phone="020 7364 5000",
        is_free=False, fees_description="£1 a session",
    )  # fmt: skip
    stay.terms.add(babies)
    stay.languages.add(english, bengali)
    CostOption.objects.create(service=stay, option="Per child", amount=Decimal("1.00"))
    whitechapel = ServiceAtLocationFactory(service=stay, location=_place("E1 1BJ", "Whitechapel"))
    bow = ServiceAtLocationFactory(service=stay, location=_place("E3 4AA", "Bow"))
    ScheduleFactory(service_at_location=whitechapel, weekday=1, opens_at=dt.time(10),
                    closes_at=dt.time(11, 30))  # fmt: skip
    ScheduleFactory(service_at_location=bow, weekday=3, opens_at=dt.time(13),
                    closes_at=dt.time(15))  # fmt: skip

    teen = ServiceFactory(organisation=org, name="Teen drop-in", minimum_age=11, maximum_age=19)
    teen.terms.add(parenting)
    wharf = ServiceAtLocationFactory(service=teen, location=_place("E14 5AB", "Canary Wharf"))
    ScheduleFactory(service_at_location=wharf, weekday=4, opens_at=dt.time(16),
                    closes_at=dt.time(18))  # fmt: skip

    online = ServiceFactory(organisation=org, name="Online parenting course", online=True)
    ServiceAtLocationFactory(
        service=online,
        location=LocationFactory(kind=Location.Kind.VIRTUAL, name="Online", postcode="",
                                 address_1="", easting=None, northing=None, latitude=None,
                                 longitude=None),
    )  # fmt: skip

    inactive = ServiceFactory(organisation=org, name="Closed group", status="inactive")
    ServiceAtLocationFactory(service=inactive, location=_place("E1 1BJ", "Old hall"))
    pending_org = OrganisationFactory(status=Organisation.Status.PENDING)
    pending = ServiceFactory(organisation=pending_org, name="Awaiting approval")
    ServiceAtLocationFactory(service=pending, location=_place("E1 1BJ", "Pending hall"))
    return Directory(stay, teen, online, inactive, pending, babies.id, parenting.id,
                     categories.id, other.id)  # fmt: skip


@pytest.fixture
def directory(postcodes) -> Directory:
    return build_directory()


def assert_valid(schema_name: str, data: object) -> None:
    errors = sorted(validator(schema_name).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def get_page(client, path: str, item_schema: str, **params) -> dict:
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert not list(page_validator().iter_errors(body))
    assert set(body) == {"total_items", "total_pages", "page_number", "size", "first_page",
                         "last_page", "empty", "contents"}  # fmt: skip
    for item in body["contents"]:
        assert_valid(item_schema, item)
    return body


def names(body: dict) -> list[str]:
    return [item.get("name") or item["service"]["name"] for item in body["contents"]]


# --- The root, the document and the headers ---------------------------------------------------


def test_root_names_version_profile_and_openapi(client, db):
    response = client.get(f"{API}/")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"] == "http://testserver/api/oruk/openapi.json"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_openapi_document_is_the_contract_corrected(client, db):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    served = response.json()
    original = contract("openapi")
    assert served["servers"] == [{"url": "/api/oruk"}]
    assert set(served["paths"]) == set(original["paths"])
    for path, item in original["paths"].items():
        assert served["paths"][path]["get"]["operationId"] == item["get"]["operationId"]
        assert served["paths"][path]["get"].get("parameters") == item["get"].get("parameters")
    assert '"type": "time"' not in response.content.decode().replace('":"', '": "')
    parameters = served["components"]["parameters"]
    assert parameters["start_time"]["schema"]["type"] == "string"
    assert {"format": "time"} in parameters["start_time"]["schema"]["anyOf"]
    assert "raw.githubusercontent.com" not in response.content.decode()
    sal = served["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]
    assert sal["content"]["application/json"]["schema"]["$ref"].endswith("/ServiceAtLocation")


def test_every_answer_allows_any_origin(client, directory):
    for path in ("/services", f"/services/{directory.stay_and_play.id}", "/services/nope",
                 "/service_at_locations?minimum_age=x", "/no/such/thing"):  # fmt: skip
        response = client.get(f"{API}{path}")
        assert response["Access-Control-Allow-Origin"] == "*", path
        assert response["Content-Type"].startswith("application/json"), path


# --- Every endpoint validates against the compiled schemas ------------------------------------


def test_services_page_shows_only_public_services(client, directory):
    body = get_page(client, "/services", "service_list")
    assert names(body) == ["Online parenting course", "Stay and play", "Teen drop-in"]
    assert body["total_items"] == 3
    assert body["first_page"] and body["last_page"] and not body["empty"]
    item = body["contents"][1]
    assert item["organization"]["name"] == "Tower Hamlets Council"
    assert item["assured_date"] == directory.stay_and_play.last_checked.isoformat()
    assert (item["minimum_age"], item["maximum_age"]) == (0, 5)


def test_full_service_is_nested(client, directory):
    stay = directory.stay_and_play
    response = client.get(f"{API}/services/{stay.id}")
    assert response.status_code == 200
    body = response.json()
    assert_valid("service", body)
    assert body["id"] == str(stay.id)
    assert body["status"] == "active"
    assert [sal["location"]["name"] for sal in body["service_at_locations"]] == [
        "Bow",
        "Whitechapel",
    ]
    whitechapel = body["service_at_locations"][1]
    assert whitechapel["location"]["addresses"][0]["postal_code"] == "E1 1BJ"
    assert {a["description"] for a in whitechapel["location"]["accessibility"]} == {
        "Step-free access", "Hearing loop"}  # fmt: skip
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in whitechapel["schedules"]] == [
        ("TU", "10:00:00", "11:30:00")]  # fmt: skip
    assert sorted(s["byday"] for s in body["schedules"]) == ["TH", "TU"]
    assert sorted(lang["code"] for lang in body["languages"]) == ["bn", "en"]
    assert body["attributes"][0]["taxonomy_term"]["name"] == "Baby groups"
    assert body["attributes"][0]["taxonomy_term"]["parent_id"] == str(directory.parenting_term)
    assert body["cost_options"][0]["amount"] == 1.0
    assert body["phones"][0]["number"] == "020 7364 5000"
    assert body["contacts"][0]["email"] == "play@example.org"
    assert body["assured_date"] == stay.last_checked.isoformat()


def test_derived_ids_are_stable(client, directory):
    path = f"{API}/services/{directory.stay_and_play.id}"
    first, second = client.get(path).json(), client.get(path).json()
    for key in ("languages", "phones", "contacts", "attributes"):
        assert [x["id"] for x in first[key]] == [x["id"] for x in second[key]]
    assert first == second


def test_virtual_and_unlocated_service_validates(client, directory):
    body = client.get(f"{API}/services/{directory.online_course.id}").json()
    assert_valid("service", body)
    assert body["service_at_locations"][0]["location"]["location_type"] == "virtual"
    assert body["service_at_locations"][0]["location"]["addresses"] == []


def test_service_at_locations_page_and_detail(client, directory):
    body = get_page(client, "/service_at_locations", "service_at_location_list")
    assert body["total_items"] == 4  # two places for stay and play, one each for the others
    for item in body["contents"]:
        response = client.get(f"{API}/service_at_locations/{item['id']}")
        assert response.status_code == 200
        assert_valid("service_at_location", response.json())
        assert response.json()["service"]["id"] == item["service_id"]


def test_taxonomies_and_terms(client, directory):
    # Reference data (the DfE taxonomy) may be there too: check ours are, in name order.
    body = get_page(client, "/taxonomies", "taxonomy", per_page=200)
    ours = [n for n in names(body) if n in {"Family Hub categories", "Other taxonomy"}]
    assert ours == ["Family Hub categories", "Other taxonomy"]
    detail = client.get(f"{API}/taxonomies/{directory.taxonomy}").json()
    assert_valid("taxonomy", detail)
    assert {t["name"] for t in detail["taxonomy_terms"]} == {"Baby groups", "Parenting support"}
    terms = get_page(client, "/taxonomy_terms", "taxonomy_term", per_page=200)
    assert {"Baby groups", "Parenting support", "Unused"} <= set(names(terms))
    term = client.get(f"{API}/taxonomy_terms/{directory.baby_term}").json()
    assert_valid("taxonomy_term", term)
    assert term["taxonomy_id"] == str(directory.taxonomy)


# --- Filters ------------------------------------------------------------------------------------

FILTER_CASES = [
    ({"search": "play"}, ["Stay and play"]),
    ({"search": "TEEN drop"}, ["Teen drop-in"]),
    ({"search": "nothing like this"}, []),
    ({"minimum_age": "0"}, ["Online parenting course", "Stay and play", "Teen drop-in"]),
    ({"minimum_age": "10.5"}, ["Teen drop-in"]),
    ({"minimum_age": "12"}, []),
    ({"maximum_age": "5"}, ["Stay and play"]),
    ({"maximum_age": "19"}, ["Stay and play", "Teen drop-in"]),
    ({"maximum_age": "4"}, []),
    ({"minimum_age": "0", "maximum_age": "5"}, ["Stay and play"]),
    ({"day": "TU"}, ["Stay and play"]),
    ({"day": "fr"}, ["Teen drop-in"]),
    ({"day": "MO"}, []),
    ({"start_time": "12:00"}, ["Stay and play", "Teen drop-in"]),
    ({"start_time": "16:00:00Z"}, ["Teen drop-in"]),
    ({"start_time": "15:59:60.5+01:00"}, ["Teen drop-in"]),
    ({"end_time": "11:30"}, ["Stay and play"]),
    ({"end_time": "09:00"}, []),
    # All three on one session: Stay and play's Tuesday session ends at 11:30, not later.
    ({"day": "TU", "start_time": "12:00"}, []),
    ({"day": "TH", "start_time": "12:00", "end_time": "15:00"}, ["Stay and play"]),
]


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES)
def test_service_filters(client, directory, params, expected):
    assert names(get_page(client, "/services", "service_list", **params)) == expected


def test_taxonomy_filters(client, directory):
    by_term = get_page(client, "/services", "service_list", taxonomy_term_id=directory.baby_term)
    assert names(by_term) == ["Stay and play"]
    by_taxonomy = get_page(client, "/services", "service_list", taxonomy_id=directory.taxonomy)
    assert names(by_taxonomy) == ["Stay and play", "Teen drop-in"]
    unused = get_page(client, "/services", "service_list", taxonomy_id=directory.other_taxonomy)
    assert unused["empty"] and unused["total_items"] == 0


def test_service_at_location_filters_use_that_places_sessions(client, directory):
    body = get_page(client, "/service_at_locations", "service_at_location_list", day="TH")
    assert [item["location"]["name"] for item in body["contents"]] == ["Bow"]
    body = get_page(client, "/service_at_locations", "service_at_location_list",
                    taxonomy_term_id=directory.parenting_term)  # fmt: skip
    assert names(body) == ["Teen drop-in"]


def test_proximity_orders_by_distance_and_limits(client, directory):
    near = get_page(client, "/service_at_locations", "service_at_location_list",
                    postcode="e11bj")  # fmt: skip
    # Whitechapel (0 m), Bow (~1.8 km), Canary Wharf (~3.1 km); the online one has no place.
    assert [i["location"]["name"] for i in near["contents"]] == [
        "Whitechapel",
        "Bow",
        "Canary Wharf",
    ]
    within = get_page(client, "/service_at_locations", "service_at_location_list",
                      postcode="E1 1BJ", proximity="2000")  # fmt: skip
    assert [i["location"]["name"] for i in within["contents"]] == ["Whitechapel", "Bow"]
    from_wharf = get_page(client, "/service_at_locations", "service_at_location_list",
                          postcode="E14 5AB", proximity="1500")  # fmt: skip
    assert [i["location"]["name"] for i in from_wharf["contents"]] == ["Canary Wharf"]


# --- Paging ---------------------------------------------------------------------------------------


def test_paging(client, directory):
    first = get_page(client, "/services", "service_list", per_page=2)
    assert (first["total_items"], first["total_pages"], first["size"]) == (3, 2, 2)
    assert first["first_page"] and not first["last_page"]
    second = get_page(client, "/services", "service_list", per_page=2, page=2)
    assert names(second) == ["Teen drop-in"]
    assert second["last_page"] and not second["first_page"]
    beyond = get_page(client, "/services", "service_list", per_page=2, page=10**30)
    assert beyond["empty"] and beyond["size"] == 0 and beyond["contents"] == []
    clamped = get_page(client, "/services", "service_list", per_page=-5, page=-1)
    assert (clamped["page_number"], clamped["size"]) == (1, 1)


def test_list_queries_do_not_grow_with_page_size(client, directory, django_assert_max_num_queries):
    for n in range(12):
        sal = ServiceAtLocationFactory(service__organisation=directory.teen_drop_in.organisation,
                                       service__name=f"Extra {n}")  # fmt: skip
        ScheduleFactory(service_at_location=sal)
    with django_assert_max_num_queries(2):
        client.get(f"{API}/services?per_page=100")
    with django_assert_max_num_queries(3):
        client.get(f"{API}/service_at_locations?per_page=100&postcode=E1+1BJ&day=TU")
    with django_assert_max_num_queries(2):
        client.get(f"{API}/taxonomy_terms?per_page=100")
    with django_assert_max_num_queries(6):
        client.get(f"{API}/services/{directory.stay_and_play.id}")
    with django_assert_max_num_queries(7):
        client.get(f"{API}/service_at_locations/{sal.id}")


# --- Errors ---------------------------------------------------------------------------------------

BAD_REQUESTS = [
    ("/services?minimum_age=five", "minimum_age"),
    ("/services?maximum_age=inf", "maximum_age"),
    ("/services?page=two", "page"),
    ("/services?per_page=1.5", "per_page"),
    ("/services?taxonomy_term_id=not-a-uuid", "taxonomy_term_id"),
    ("/services?taxonomy_id=123", "taxonomy_id"),
    ("/services?day=Tuesday", "day"),
    ("/services?start_time=10am", "start_time"),
    ("/services?end_time=25:00", "end_time"),
    ("/service_at_locations?postcode=nowhere", "postcode"),
    ("/service_at_locations?postcode=ZZ1+1ZZ", "postcode"),
    ("/service_at_locations?proximity=1000", "proximity"),
    ("/service_at_locations?postcode=E1+1BJ&proximity=far", "proximity"),
]


@pytest.mark.parametrize(("path", "named"), BAD_REQUESTS)
def test_bad_parameters_are_400_with_a_message(client, directory, path, named):
    response = client.get(f"{API}{path}")
    assert response.status_code == 400
    assert named in response.json()["detail"]


def test_unknown_or_hidden_records_are_404(client, directory):
    for path in (
        "/services/not-a-uuid",
        f"/services/{uuid.uuid4()}",
        f"/services/{directory.inactive.id}",
        f"/services/{directory.pending.id}",
        f"/service_at_locations/{directory.pending.at_locations.get().id}",
        f"/taxonomies/{uuid.uuid4()}",
        "/taxonomy_terms/x",
    ):
        response = client.get(f"{API}{path}")
        assert response.status_code == 404, path
        assert response.json()["detail"]


def test_whole_demo_borough_validates(client, demo_borough):
    """Every public service and service-at-location of the demo borough, in full."""
    body = get_page(client, "/services", "service_list", per_page=200)
    assert body["total_items"] > 0
    for item in body["contents"]:
        assert_valid("service", client.get(f"{API}/services/{item['id']}").json())
    places = get_page(client, "/service_at_locations", "service_at_location_list", per_page=200)
    for item in places["contents"]:
        detail = client.get(f"{API}/service_at_locations/{item['id']}").json()
        assert_valid("service_at_location", detail)
