"""Every input is stored or refused cleanly: a sweep over every URL pattern of the site and of
both APIs, with hostile values, as a member of the public and as a powerful member of staff.

For each pattern of `familyhub.urls` (walked from the resolver, so a new page is swept as soon
as it exists) the sweep fills the path's parameters with real rows of a small world (the demo
borough, a family, a draft and a submitted request, an episode with its assessment and plan …),
reads the page's form fields, then sends:

    GET   with the payload in the query string (each of the page's text fields, and `q`,
          `search` and `page`), and in the path wherever a parameter is free text
    POST  the page's form, the payload in every free-text field (other fields keep their own
          valid values), url-encoded and as multipart, as the autosave's fetch sends it

The payloads: a NUL byte, a lone surrogate (%ED%A0%80), invalid UTF-8 (%FF%FE) and a 100,000
character value. The first three can never be stored, so every request carrying them must be
refused with a 400 before any view runs (familyhub.middleware.StorableInputMiddleware); an
overlong value must give a form error or another 4xx, and is never stored. No request may give a
5xx. Run on PostgreSQL too (DATABASE_URL=postgres://…): NUL bytes fail only there.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Length
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT
from django.urls import URLPattern, URLResolver, get_resolver

from familyhub.accounts.models import Organisation, Role
from familyhub.directory.models import Schedule, Service
from familyhub.families.models import Membership as HouseholdMember
from familyhub.frontdoor.models import SupportRequest
from familyhub.places.models import Locality
from tests.accounts.helpers import sign_in_verified
from tests.activities_factories import BookingFactory, SessionTodayFactory
from tests.casework_factories import AssessmentFactory, EpisodeFactory, PlanActionFactory
from tests.factories import LocalAuthorityFactory, MembershipFactory, StaffFactory
from tests.families_factories import FamilyMembershipFactory, family_with_consent_for
from tests.feedback_factories import EpisodeInvitationFactory
from tests.frontdoor_factories import (
    ReferralFactory,
    RequestPersonFactory,
    ServiceReferralFactory,
    SubmittedRequestFactory,
    SupportRequestFactory,
)
from tests.notifications_factories import FailedMessageFactory
from tests.startforlife_factories import BirthNotificationFactory

OVERLONG = 100_000
Answer = SupportRequest.Answer


@dataclass(frozen=True)
class Payload:
    name: str
    encoded: str  # as it travels in a URL or a url-encoded body
    raw: bytes  # as it travels in a multipart body
    unstorable: bool  # refused by the middleware whatever the page


PAYLOADS = [
    Payload("nul", "a%00b", b"a\x00b", unstorable=True),
    Payload("lone-surrogate", "a%ED%A0%80b", b"a\xed\xa0\x80b", unstorable=True),
    Payload("invalid-utf8", "a%FF%FEb", b"a\xff\xfeb", unstorable=True),
    Payload("overlong", "x" * OVERLONG, b"x" * OVERLONG, unstorable=False),
]

# Form inputs whose value a person types; every other input keeps the value the page gave it.
TEXT_INPUT_TYPES = {"text", "search", "email", "tel", "url", "password", "number", ""}
ALWAYS_SENT = ("q", "search", "page")
# The multipart body stays under Django's 2.5 MB limit with this many overlong fields at once.
FIELDS_PER_OVERLONG_POST = 20


# --- The world the path parameters come from -----------------------------------------------


@pytest.fixture
def world(demo_borough) -> dict:
    """Rows for every path parameter, and a member of staff who may reach every staff form:
    triage, locality manager, lead professional of the episode, directory manager, editor of
    the swept service's organisation, and administrator."""
    council = LocalAuthorityFactory()
    service = Service.objects.filter(
        status=Service.Status.ACTIVE, at_locations__isnull=False, terms__isnull=False
    ).first()
    organisation = Organisation.objects.get(pk=service.organisation_id)
    hub_team = Organisation.objects.filter(local_authority=council).exclude(pk=organisation.pk)[0]
    staff = StaffFactory(organisation=hub_team, role=Role.LOCALITY_MANAGER)
    for role in (Role.TRIAGE, Role.LEAD_PROFESSIONAL, Role.DIRECTORY_MANAGER, Role.ADMINISTRATOR):
        MembershipFactory(user=staff, organisation=hub_team, role=role)
    MembershipFactory(user=staff, organisation=organisation, role=Role.DIRECTORY_EDITOR)

    family = family_with_consent_for(hub_team, worker=staff, local_authority=council)
    parent = FamilyMembershipFactory(family=family, role=HouseholdMember.Role.PARENT).person
    child = FamilyMembershipFactory(family=family).person
    episode = EpisodeFactory(family=family, lead_organisation=hub_team, lead_professional=staff)
    AssessmentFactory(episode=episode)
    action = PlanActionFactory(need__episode=episode)
    draft = SupportRequestFactory(local_authority=council)
    draft_person = RequestPersonFactory(request=draft)
    location = service.at_locations.first().location
    locality = Locality.objects.filter(local_authority=council).first()
    colleague = StaffFactory(organisation=hub_team, role=Role.TRIAGE)
    booking = BookingFactory()
    # A session of the staff member's organisation, today: its register's forms are swept.
    register_booking = BookingFactory(session=SessionTodayFactory(activity__organisation=hub_team))

    def service_referral(answer: str):
        return ServiceReferralFactory(
            local_authority=council, referrer=staff, service=service, answer=answer
        )

    return {
        "staff": staff,
        "kwargs": {
            "directory:service": {"pk": service.pk},
            "directory:location": {"pk": location.pk},
            "directory:locality": {"la_slug": council.slug, "slug": locality.slug},
            "directory:organisation": {"pk": organisation.pk},
            "directory:service-create": {"pk": organisation.pk},
            "directory:service-edit": {"pk": service.pk},
            "directory:service-checked": {"pk": service.pk},
            "directory:service-sessions": {"pk": service.pk},
            "directory:session-remove": {"pk": Schedule.objects.first().pk},
            "directory:location-create": {"pk": organisation.pk},
            "directory:location-edit": {"pk": location.pk},
            "directory:organisation-decision": {"pk": organisation.pk},
            "frontdoor:*": {"token": draft.resume_token, "role": "child", "pk": draft_person.pk},
            "families:*": {
                "pk": family.pk,
                "consent_pk": family.consents.first().pk,
                "person_pk": child.pk,
                "other_pk": parent.pk,
                "event_pk": 1,  # no merge to undo: the page's own 404
            },
            "triage:*": {"pk": SubmittedRequestFactory(local_authority=council).pk},
            "referrals:detail": {"pk": ReferralFactory(local_authority=council, referrer=staff).pk},
            # The service's inbox: the staff member edits the service's organisation.
            "referrals:received-decline": {"pk": service_referral(Answer.OPENED).pk},
            "referrals:received-complete": {"pk": service_referral(Answer.ACCEPTED).pk},
            "casework:*": {
                "pk": episode.pk,
                "family_pk": family.pk,
                "event_pk": episode.events.first().pk,
                "member_pk": episode.team.first().pk,
                "action_pk": action.pk,
            },
            "notifications:message-retry": {"pk": FailedMessageFactory().pk},
            "staffaccounts:*": {
                "pk": colleague.pk,
                "membership_pk": colleague.memberships.get().pk,
            },
            "oruk:service": {"id": service.pk},
            "oruk:service_at_location": {"id": service.at_locations.first().pk},
            "oruk:taxonomy": {"id": service.terms.first().taxonomy_id},
            "oruk:taxonomy_term": {"id": service.terms.first().pk},
            "oruk:unknown": {"rest": "nothing-here"},
            "families-api:*": {"family_id": family.pk, "rest": "nothing-here"},
            "activities:*": {"pk": booking.session_id, "token": booking.cancel_token},
            # An open survey: its form is swept (a comment too long is the form's error).
            "feedback:*": {"token": EpisodeInvitationFactory().token},
            "registers:*": {"pk": register_booking.session_id},
            "startforlife:first-days": {"pk": locality.pk},
            "startforlife:milestone": {
                "pk": BirthNotificationFactory(family=family, family__locality=locality).baby_id
            },
        },
    }


# --- Walking the resolver --------------------------------------------------------------------


def url_patterns(patterns=None, prefix="", namespace=""):
    """(name, route, pattern) for every pattern under the project's URLconf."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern), entry


PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
FREE_TEXT_CONVERTERS = {"str", "path", None}


def path_of(route: str, values: dict, payload: Payload | None = None) -> str:
    """The route with its parameters filled in; free-text ones carry the payload if given."""

    def fill(match: re.Match) -> str:
        if payload is not None and match["converter"] in FREE_TEXT_CONVERTERS:
            return payload.encoded
        return quote(str(values[match["name"]]))

    return "/" + PARAMETER.sub(fill, route)


# For a parameter the world has no row for (a page added since): still swept, as a 404 may be.
STAND_IN = {"int": "1", "uuid": "2989d3ed-c547-48f8-8f9d-432d81c7892e", "uuidstr": "x", None: "x"}


def values_for(name: str, route: str, world: dict) -> dict:
    kwargs = world["kwargs"]
    values = kwargs.get(name) or kwargs.get(name.split(":")[0] + ":*", {})
    return {
        match["name"]: values.get(match["name"], STAND_IN.get(match["converter"], "stand-in"))
        for match in PARAMETER.finditer(route)
    }


# --- Reading a page's form -------------------------------------------------------------------


class FormFields(HTMLParser):
    """Every named field of a page: {name: valid value} for the rest, and the free-text names."""

    def __init__(self) -> None:
        super().__init__()
        self.valid: dict[str, str] = {}
        self.text: list[str] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = {key: value or "" for key, value in attrs}
        name = attr.get("name")
        select = self._select
        if tag == "option" and select and select not in self.valid and attr.get("value"):
            self.valid[select] = attr["value"]
        if not name:
            return
        if tag == "textarea" or (tag == "input" and attr.get("type", "") in TEXT_INPUT_TYPES):
            self.text.append(name)
        elif tag == "input" and attr.get("type") not in {"submit", "button", "file"}:
            self.valid.setdefault(name, attr.get("value", "on"))
        elif tag == "select":
            self._select = name

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def form_fields(html: str) -> FormFields:
    parser = FormFields()
    parser.feed(html)
    return parser


# --- Sending -----------------------------------------------------------------------------------


class Visitor:
    """A client that is, before every request, the same person (staff are signed in again:
    the sweep posts to sign-out and to the code page, which end a session)."""

    def __init__(self, staff=None) -> None:
        self.staff = staff
        self.client = Client()

    def send(self, method: str, path: str, **kwargs):
        if self.staff is not None:
            sign_in_verified(self.client, self.staff)
        # A savepoint, so an error on PostgreSQL does not poison the test's transaction.
        with transaction.atomic():
            return self.client.generic(method, path, **kwargs)


def urlencoded(names, payload: Payload, valid: dict) -> bytes:
    pairs = [f"{quote(k)}={quote(v)}" for k, v in valid.items() if k not in names]
    pairs += [f"{quote(name)}={payload.encoded}" for name in names]
    return "&".join(pairs).encode("ascii")


def requests_for(path: str, fields: FormFields, payload: Payload):
    """(method, path, kwargs) of every request the sweep sends to one address."""
    names = list(dict.fromkeys([*fields.text, *ALWAYS_SENT]))
    query = "&".join(f"{quote(name)}={payload.encoded}" for name in names)
    yield "GET", f"{path}?{query}", {}
    step = FIELDS_PER_OVERLONG_POST if not payload.unstorable else len(names)
    for start in range(0, len(names), step):
        chunk = names[start : start + step]
        body = urlencoded(chunk, payload, fields.valid)
        yield "POST", path, {"data": body, "content_type": "application/x-www-form-urlencoded"}
        parts = {**fields.valid, **dict.fromkeys(chunk, payload.raw)}
        yield "POST", path, {"data": multipart(parts), "content_type": MULTIPART_CONTENT}


def multipart(parts: dict[str, str | bytes]) -> bytes:
    """A multipart body with each value's bytes as given (Django's encoder would encode them)."""
    lines = []
    for name, value in parts.items():
        raw = value if isinstance(value, bytes) else value.encode()
        lines += [
            f"--{BOUNDARY}".encode(),
            f'Content-Disposition: form-data; name="{name}"'.encode(),
            b"",
            raw,
        ]
    return b"\r\n".join([*lines, f"--{BOUNDARY}--".encode(), b""])


def sweep(visitor: Visitor, world: dict, payload: Payload) -> list[str]:
    """Every request of the sweep; what went wrong, one line each."""
    problems = []
    for name, route, _pattern in url_patterns():
        path = path_of(route, values_for(name, route, world))
        page = visitor.send("GET", path)
        fields = form_fields(
            page.content.decode("utf-8", "replace") if page.status_code == 200 else ""
        )
        sent = list(requests_for(path, fields, payload))
        if PARAMETER.search(route) and any(
            m["converter"] in FREE_TEXT_CONVERTERS for m in PARAMETER.finditer(route)
        ):
            sent.append(("GET", path_of(route, values_for(name, route, world), payload), {}))
        for method, address, kwargs in sent:
            try:
                response = visitor.send(method, address, **kwargs)
            except Exception as exc:  # noqa: BLE001 - every failure is reported, not the first
                problems.append(f"{method} {name} {address[:80]}: {exc!r}"[:300])
                continue
            status = response.status_code
            if status >= 500 or (payload.unstorable and status != 400):
                problems.append(f"{method} {name} {address[:80]}: {status}")
    return problems


def long_texts_stored() -> list[str]:
    """Free-text values of the Family Hub's own tables as long as the overlong payload."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("familyhub."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                rows = model._base_manager.annotate(length=Length(field.name))
                if rows.filter(length__gte=OVERLONG).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    return found


# --- The tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p.name)
def test_no_request_of_the_sweep_gives_a_server_error(world, payload):
    visitors = {"anonymous": Visitor(), "staff": Visitor(world["staff"])}
    problems = [
        f"{who}: {line}"
        for who, visitor in visitors.items()
        for line in sweep(visitor, world, payload)
    ]
    assert not problems, "\n".join(problems)
    if not payload.unstorable:
        assert long_texts_stored() == []


def test_the_sweep_reaches_every_kind_of_page(world):
    """The sweep is only worth something if it reaches the forms: the staff member opens the
    assessment, the plan and the triage decision, and the public the request's pages."""
    names = {name for name, _route, _pattern in url_patterns()}
    assert {"oruk:services", "families-api:family_detail", "accounts:sign-in"} <= names
    staff = Visitor(world["staff"])
    for name in ("casework:assessment", "casework:plan", "triage:detail"):
        route = next(r for n, r, _p in url_patterns() if n == name)
        page = staff.send("GET", path_of(route, values_for(name, route, world)))
        assert page.status_code == 200, name
        assert form_fields(page.content.decode()).text, name
    route = next(r for n, r, _p in url_patterns() if n == "frontdoor:worries")
    page = Visitor().send("GET", path_of(route, values_for("frontdoor:worries", route, world)))
    assert "worries" in form_fields(page.content.decode()).text


def test_a_refused_page_is_the_councils_400_page_and_json_under_the_api(client):
    page = client.get("/find?q=a%00b")
    assert page.status_code == 400
    assert b"Sorry, there is a problem with your request" in page.content
    api = client.get("/api/oruk/services?search=a%00b")
    assert api.status_code == 400
    assert api.json() == {"detail": "Bad request."}


def test_a_session_cookie_with_a_nul_byte_is_refused_before_the_session_is_looked_up(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/staff/families/").status_code == 400


def test_a_search_longer_than_any_real_one_is_the_apis_own_400(client):
    response = client.get("/api/oruk/services", {"search": "word " * 1000})
    assert response.status_code == 400
    assert "search" in response.json()["detail"]
