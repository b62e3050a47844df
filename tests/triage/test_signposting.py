"""Signposting picks services: the decision page offers live services of the council near the
family's postcode (and finds others with a search that keeps every answer); the services
chosen are stored and sent to the family after commit, in their language, by the channel they
chose; a family without an email address or mobile number is sent nothing, and the page says
so; choices not offered, too many, overlong and unstorable inputs are refused cleanly."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from familyhub.directory.models import Service
from familyhub.directory.search_index import search_entries_refresh
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.frontdoor.services import front_door_set_up
from familyhub.notifications.models import Message
from familyhub.triage.models import Signpost
from familyhub.triage.services import request_decide
from tests.accounts.helpers import sign_in_verified
from tests.factories import (
    LanguageFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postcodes")]

# Whitechapel, in metres on the national grid: the factories' places are here, by E1 1BB.
FAR_EAST = 534500 + 8000


@pytest.fixture
def levels(council):
    front_door_set_up(local_authority=council)
    return {level.number: level for level in NeedLevel.objects.filter(local_authority=council)}


def live_service(council, name: str, *, phone: str = "020 7946 0001", **place) -> Service:
    """A live service of the council, given at one place (by E1 1BB unless told), in the
    directory's search index as every directory write leaves it."""
    at = ServiceAtLocationFactory(
        service__organisation__local_authority=council,
        service__name=name,
        service__phone=phone,
        location__local_authority=council,
        **{f"location__{key}": value for key, value in place.items()},
    )
    search_entries_refresh(service_ids=[at.service_id])
    return at.service


@pytest.fixture
def nearby(council):
    return [
        live_service(council, "Baby massage at Stepney"),
        live_service(council, "Money advice drop-in", phone="020 7946 0002"),
        live_service(council, "Dads' group"),
    ]


@pytest.fixture
def far_away(council):
    return live_service(council, "Speech and language drop-in", easting=FAR_EAST)


def client_for(user) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def a_request(council, **answers) -> SupportRequest:
    """A request whose family chose text messages, in Bengali."""
    chose = {
        "contact_method": SupportRequest.Contact.TEXT,
        "phone": "07700 900123",
        "email": "",
        "language": LanguageFactory(code="bn", name="Bengali"),
    }
    return SubmittedRequestFactory(local_authority=council, postcode="E1 1BB", **chose | answers)


def signpost(client: Client, request: SupportRequest, level: NeedLevel, services, **more):
    return client.post(
        f"/staff/triage/{request.pk}",
        {
            "level": level.pk,
            "reason": "Universal services will help: the family agreed.",
            "services": [getattr(s, "pk", s) for s in services],
            **more,
        },
    )


def test_live_services_near_the_family_are_offered_and_nothing_else(
    council, levels, triage_officer, nearby, far_away
):
    ServiceFactory(organisation__local_authority=council, name="Closed service")
    inactive = live_service(council, "Inactive service")
    inactive.status = Service.Status.INACTIVE
    inactive.save()
    search_entries_refresh(service_ids=[inactive.pk])
    hackney = LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")
    live_service(hackney, "Hackney parenting course")
    request = a_request(council)

    page = client_for(triage_officer).get(f"/staff/triage/{request.pk}").content.decode()

    offered = page.split("Services to send the family")[1].split("</fieldset>")[0]
    for service in nearby:
        assert f'value="{service.pk}"' in offered
    for absent in ("Speech and language", "Inactive", "Closed", "Hackney"):
        assert absent not in offered


def test_signposting_stores_the_services_and_texts_them_in_bengali(
    council,
    levels,
    triage_officer,
    nearby,
    fake_notify,
    django_capture_on_commit_callbacks,
):
    request = a_request(council)
    client = client_for(triage_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = signpost(client, request, levels[1], nearby[:2])

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.SIGNPOSTED
    stored = Signpost.objects.filter(request=request)
    assert {s.service for s in stored} == set(nearby[:2])
    assert {(s.sent_by, s.channel) for s in stored} == {(triage_officer, "sms")}
    [sent] = fake_notify
    assert (sent.channel, sent.template, sent.to, sent.language) == (
        "sms",
        "signposts",
        "07700 900123",
        "bn",
    )
    assert "নিজেই যোগাযোগ করুন" in sent.body and request.reference in sent.body
    for service in nearby[:2]:
        assert service.name in sent.body
        assert f"ফোন: {service.phone}" in sent.body
        assert f"http://testserver/services/{service.pk}" in sent.body
    assert nearby[2].name not in sent.body

    decision = client.get(f"/staff/triage/{request.pk}").content.decode().split(">Decision<")[1]
    listed = decision.split("Services sent to the family")[1]
    assert nearby[0].name in listed and nearby[1].name in listed
    assert "Sent by text message" in listed


def test_a_family_who_chose_email_is_emailed_in_somali(
    council, levels, triage_officer, nearby, fake_notify, django_capture_on_commit_callbacks
):
    request = a_request(
        council,
        contact_method=SupportRequest.Contact.EMAIL,
        email="hodan@example.org",
        language=LanguageFactory(code="so", name="Somali"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        signpost(client_for(triage_officer), request, levels[1], nearby[:1])

    [sent] = fake_notify
    assert (sent.channel, sent.to, sent.language) == ("email", "hodan@example.org", "so")
    assert sent.subject == f"Adeegyo qoyskaaga caawin kara: {request.reference}"
    assert nearby[0].name in sent.body and f"Taleefan: {nearby[0].phone}" in sent.body
    assert f"http://testserver/services/{nearby[0].pk}" in sent.body


def test_a_family_in_another_language_is_written_to_in_english_linking_to_the_site(
    council, levels, triage_officer, nearby, council_organisation, settings
):
    """Decided without a page to ask for its host (the demo's year, a script): SITE_URL's."""
    settings.SITE_URL = "https://familyhub.example.org"
    request = a_request(council, language=LanguageFactory(code="pl", name="Polish"))

    request_decide(
        request=request,
        level=levels[1],
        reason="Universal services.",
        triage_organisation=council_organisation,
        by=triage_officer,
        signposts=nearby[:1],
    )

    message = Message.objects.get(template="signposts")
    assert (message.language, message.channel) == ("en-gb", "sms")
    listed = message.personalisation["services"]
    assert "Phone: 020 7946 0001" in listed
    assert f"https://familyhub.example.org/services/{nearby[0].pk}" in listed


def test_a_family_who_gave_no_email_or_mobile_is_sent_nothing_and_triage_is_told(
    council, levels, triage_officer, nearby
):
    request = a_request(council, contact_method=SupportRequest.Contact.PHONE)
    client = client_for(triage_officer)

    before = client.get(f"/staff/triage/{request.pk}").content.decode()
    signpost(client, request, levels[1], nearby[:2])
    after = client.get(f"/staff/triage/{request.pk}").content.decode()

    assert "the services you choose cannot be sent to them" in before
    assert not Message.objects.filter(template="signposts").exists()
    assert set(Signpost.objects.values_list("channel", flat=True)) == {""}
    assert "Not sent: the family gave no email address or mobile number" in after


def test_the_search_finds_others_and_keeps_every_answer_and_choice(
    council, levels, triage_officer, nearby, far_away
):
    request = a_request(council)

    page = (
        client_for(triage_officer)
        .post(
            f"/staff/triage/{request.pk}",
            {
                "level": levels[1].pk,
                "reason": "Speech worries: signpost.",
                "services": [nearby[0].pk],
                "service_search": "speech",
                "find_services": "1",
            },
        )
        .content.decode()
    )

    offered = page.split("Services to send the family")[1].split("</fieldset>")[0]
    assert f'value="{far_away.pk}"' in offered
    assert f'value="{nearby[0].pk}" checked' in offered  # ticked before the search
    assert nearby[1].name not in offered
    assert "Speech worries: signpost." in page
    assert f'value="{levels[1].pk}" checked' in page
    assert "There is a problem" not in page
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW


def test_signposting_asks_for_services_when_some_are_offered(
    council, levels, triage_officer, nearby
):
    request = a_request(council)

    page = signpost(client_for(triage_officer), request, levels[1], []).content.decode()

    assert "Choose the services to send the family" in page
    assert 'href="#id_services_0"' in page
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW


@pytest.mark.parametrize("kind", ["another council's", "inactive", "not an id"])
def test_a_service_not_offered_is_refused(council, levels, triage_officer, nearby, kind):
    if kind == "another council's":
        hackney = LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")
        refused = live_service(hackney, "Hackney parenting course").pk
    elif kind == "inactive":
        refused = ServiceFactory(
            organisation__local_authority=council, status=Service.Status.INACTIVE
        ).pk
    else:
        refused = "not-an-id"
    request = a_request(council)

    page = signpost(
        client_for(triage_officer), request, levels[1], [nearby[0], refused]
    ).content.decode()

    assert "Choose services from the list" in page
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW
    assert not Signpost.objects.exists()


def test_more_than_five_services_are_refused(council, levels, triage_officer, nearby):
    more = [live_service(council, f"Stay and play {n}") for n in range(3)]
    request = a_request(council)

    page = signpost(
        client_for(triage_officer), request, levels[1], [*nearby, *more]
    ).content.decode()

    assert "Choose 5 services or fewer to send the family" in page
    assert not Signpost.objects.exists()


def test_the_service_refuses_what_the_page_would(
    council, levels, triage_officer, nearby, council_organisation
):
    hackney = LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")
    elsewhere = live_service(hackney, "Hackney parenting course")
    closed = ServiceFactory(organisation__local_authority=council, status=Service.Status.DEFUNCT)
    pending = ServiceFactory(
        organisation=OrganisationFactory(
            local_authority=council, status=OrganisationFactory._meta.model.Status.PENDING
        )
    )
    request = a_request(council)
    decide = {
        "request": request,
        "reason": "Universal services.",
        "triage_organisation": council_organisation,
        "by": triage_officer,
    }

    for refused in ([elsewhere], [closed], [pending], [nearby[0], nearby[0]]):
        with pytest.raises(ValidationError):
            request_decide(level=levels[1], signposts=refused, **decide)
    with pytest.raises(ValidationError, match="5 services or fewer"):
        request_decide(level=levels[1], signposts=nearby * 2, **decide)
    with pytest.raises(ValidationError, match="only when you signpost"):
        request_decide(level=levels[3], signposts=nearby[:1], **decide)
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW
    assert not Signpost.objects.exists()


def test_other_levels_send_nothing_whatever_was_ticked(council, levels, triage_officer, nearby):
    request = a_request(council)

    signpost(client_for(triage_officer), request, levels[3], nearby[:1])

    request.refresh_from_db()
    assert request.status == SupportRequest.Status.HANDED_OVER
    assert not Signpost.objects.exists()
    assert not Message.objects.filter(template="signposts").exists()


def test_overlong_and_unstorable_inputs_are_refused_cleanly(
    council, levels, triage_officer, nearby
):
    request = a_request(council)
    client = client_for(triage_officer)
    url = f"/staff/triage/{request.pk}"

    search = client.post(url, {"service_search": "x" * 101, "find_services": "1"})
    reason = signpost(client, request, levels[1], nearby[:1], reason="x" * 5_001)
    nul = client.post(url, {"service_search": "a\x00b", "find_services": "1"})

    assert search.status_code == 200
    assert "Search words must be 100 characters or fewer" in search.content.decode()
    assert "Why this level must be 5,000 characters or fewer" in reason.content.decode()
    assert nul.status_code == 400
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW
