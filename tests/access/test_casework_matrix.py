"""THE access matrix of early help casework: every page and every form of
familyhub/casework/urls*.py, as each of the nine roles and each relationship that matters, each
cell its own test with its status written out below.

The family (tests/casework/conftest.py) shares its whole record with the council's Early Help
service (involved as the hub team), the lead's organisation and the partner's; its open episode
is led by `lead_professional`, with `partner_practitioner` in the Team Around the Family. The
columns:

    the nine roles          each held in the council's Early Help service: staff of an
                            organisation that is involved and that the consent covers
    episode_lead            the episode's lead professional
    team_member             a current member of its Team Around the Family
    former_team_member      a worker who was in the team and left it (their organisation, the
                            partner's, still involved through the current team member)
    uninvolved_organisation a lead professional of an organisation of the same council that is
                            not involved and not covered by the consent
    other_council           a locality manager of another council
    anonymous               signed out: sent to sign in

Sight of an episode is sight of its family (involvement and consent through the same
organisation): without it, 404, the episode not even acknowledged; non-casework roles never see
a family. Within sight, who may do what is casework's own: 403. Every form is sent valid, and
where it is allowed the change must have happened (and where refused, must not have).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familyhub.casework.areas import AREAS
from familyhub.casework.forms.assessment import sign_values
from familyhub.casework.models import (
    Assessment,
    Episode,
    EpisodeEvent,
    PlanAction,
    Review,
    TeamMeeting,
)
from familyhub.casework.services.assessment import (
    assessment_save,
    assessment_start,
    assessment_values,
    voice_children,
    voice_key,
)
from familyhub.casework.services.episodes import episode_open, episode_step_up
from familyhub.casework.services.plan import action_add, need_add
from familyhub.casework.services.team import team_member_add, team_member_remove
from tests.access.conftest import ROLES, ask, assert_status, staff_of
from tests.factories import MembershipFactory
from tests.families_factories import family_with_consent_for

pytestmark = pytest.mark.django_db

ACTORS = [
    *ROLES,
    "episode_lead",
    "team_member",
    "former_team_member",
    "uninvolved_organisation",
    "other_council",
    "anonymous",
]
TODAY = timezone.localdate()

# (url name, what is sent): the status each actor gets, in the order of ACTORS:
#   ded directory_editor, dmg directory_manager, tri triage, lpr lead_professional,
#   prc practitioner, lmg locality_manager, ana data_analyst, dpo data_protection_officer,
#   adm administrator, swk social_worker; led episode_lead, tm team_member, ftm former_team_member,
#   uni uninvolved_organisation, oth other_council, ano anonymous
#        ded  dmg  tri  lpr  prc  lmg  ana  dpo  adm  swk  led  tm   ftm  uni  oth  ano
EXPECTED = {
    # Lists: every member of staff has one, holding only what they may see (LISTED below).
    ("episodes", "GET"):
        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 302),
    ("caseload", "GET"):
        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 302),
    ("locality-caseload", "GET"):
        (403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 200, 302),
    # The episode and its team: anyone who sees the family.
    ("episode", "GET"):
        (404, 404, 200, 200, 200, 200, 404, 404, 404, 404, 200, 200, 200, 404, 404, 302),
    ("team", "GET"):
        (404, 404, 200, 200, 200, 200, 404, 404, 404, 404, 200, 200, 200, 404, 404, 302),
    ("handover", "GET"):
        (404, 404, 200, 200, 200, 200, 404, 404, 404, 404, 200, 200, 200, 404, 404, 302),
    # Running the episode: the lead and the council's locality managers.
    ("step-up", "GET"):
        (404, 404, 403, 403, 403, 200, 404, 404, 404, 404, 200, 403, 403, 404, 404, 302),
    ("step-up", "POST"):
        (404, 404, 403, 403, 403, 302, 404, 404, 404, 404, 302, 403, 403, 404, 404, 302),
    ("close", "GET"):
        (404, 404, 403, 403, 403, 200, 404, 404, 404, 404, 200, 403, 403, 404, 404, 302),
    ("close", "POST"):
        (404, 404, 403, 403, 403, 302, 404, 404, 404, 404, 302, 403, 403, 404, 404, 302),
    ("team", "POST"):
        (404, 404, 403, 403, 403, 302, 404, 404, 404, 404, 302, 403, 403, 404, 404, 302),
    ("team-remove", "POST"):
        (404, 404, 403, 403, 403, 302, 404, 404, 404, 404, 302, 403, 403, 404, 404, 302),
    ("review", "GET"):
        (404, 404, 403, 403, 403, 200, 404, 404, 404, 404, 200, 403, 403, 404, 404, 302),
    ("review", "POST"):
        (404, 404, 403, 403, 403, 302, 404, 404, 404, 404, 302, 403, 403, 404, 404, 302),
    ("assessment-complete", "POST"):
        (404, 404, 403, 403, 403, 302, 404, 404, 404, 404, 302, 403, 403, 404, 404, 302),
    # A new lead: the council's locality managers only.
    ("reassign", "GET"):
        (404, 404, 403, 403, 403, 200, 404, 404, 404, 404, 403, 403, 403, 404, 404, 302),
    ("reassign", "POST"):
        (404, 404, 403, 403, 403, 302, 404, 404, 404, 404, 403, 403, 403, 404, 404, 302),
    # Stepping down from social care: the council's front door and locality managers.
    ("step-down", "GET"):
        (404, 404, 200, 403, 403, 200, 404, 404, 404, 404, 403, 403, 403, 404, 404, 302),
    ("step-down", "POST"):
        (404, 404, 302, 403, 403, 302, 404, 404, 404, 404, 403, 403, 403, 404, 404, 302),
    # Reading the assessment and the plan, and their PDFs: the lead, the team, the managers.
    ("assessment", "GET"):
        (404, 404, 403, 403, 403, 200, 404, 404, 404, 404, 200, 200, 403, 404, 404, 302),
    ("assessment-pdf", "GET"):
        (404, 404, 403, 403, 403, 200, 404, 404, 404, 404, 200, 200, 403, 404, 404, 302),
    ("plan", "GET"):
        (404, 404, 403, 403, 403, 200, 404, 404, 404, 404, 200, 200, 403, 404, 404, 302),
    ("plan-pdf", "GET"):
        (404, 404, 403, 403, 403, 200, 404, 404, 404, 404, 200, 200, 403, 404, 404, 302),
    # Working on them: the lead and the team (a manager oversees, and does not write them).
    ("assessment", "POST start"):
        (404, 404, 403, 403, 403, 403, 404, 404, 404, 404, 302, 302, 403, 404, 404, 302),
    ("assessment", "POST save"):
        (404, 404, 403, 403, 403, 403, 404, 404, 404, 404, 302, 302, 403, 404, 404, 302),
    ("assessment-autosave", "POST"):
        (404, 404, 403, 403, 403, 403, 404, 404, 404, 404, 200, 200, 403, 404, 404, 302),
    ("plan-need-add", "POST"):
        (404, 404, 403, 403, 403, 403, 404, 404, 404, 404, 302, 302, 403, 404, 404, 302),
    ("plan-action-add", "POST"):
        (404, 404, 403, 403, 403, 403, 404, 404, 404, 404, 302, 302, 403, 404, 404, 302),
    ("plan-action-update", "POST"):
        (404, 404, 403, 403, 403, 403, 404, 404, 404, 404, 302, 302, 403, 404, 404, 302),
    ("meeting", "GET"):
        (404, 404, 403, 403, 403, 403, 404, 404, 404, 404, 200, 200, 403, 404, 404, 302),
    ("meeting", "POST"):
        (404, 404, 403, 403, 403, 403, 404, 404, 404, 404, 302, 302, 403, 404, 404, 302),
    # The time between reviews: the lead's alone.
    ("plan-review-interval", "POST"):
        (404, 404, 403, 403, 403, 403, 404, 404, 404, 404, 302, 403, 403, 404, 404, 302),
}  # fmt: skip

# Whose list names the episode (a 200 with the episode's address on it).
LISTED = {
    "episodes": {"locality_manager", "episode_lead", "team_member"},
    "caseload": {"episode_lead", "team_member"},
    "locality-caseload": {"locality_manager"},
}


@dataclass
class Page:
    """How to reach one cell: the world it needs, its address, what a valid form sends, and
    whether the change it makes has happened."""

    state: str
    url: Callable[[SimpleNamespace], str]
    data: Callable[[SimpleNamespace], dict] = field(default=lambda w: {})
    changed: Callable[[SimpleNamespace], bool] | None = None


def episode_url(name: str) -> Callable[[SimpleNamespace], str]:
    return lambda w: reverse(f"casework:{name}", args=[w.episode.pk])


def status_of(w) -> str:
    return Episode.objects.values_list("status", flat=True).get(pk=w.episode.pk)


def assessment_form(assessment: Assessment, **changes) -> dict:
    """What the assessment page's form posts: every value as it is, its version and snapshot."""
    values = assessment_values(assessment)
    data = {k: ("" if v is None else v) for k, v in values.items() if k != "consent_recorded"}
    if values["consent_recorded"]:
        data["consent_recorded"] = "on"
    return {
        **data,
        "base_version": assessment.version,
        "base_values": sign_values(values),
        **changes,
    }


def analysis_is(text: str) -> Callable[[SimpleNamespace], bool]:
    def changed(w) -> bool:
        return assessment_values(Assessment.objects.get(pk=w.assessment.pk))["analysis"] == text

    return changed


PAGES = {
    ("episodes", "GET"): Page("open", lambda w: reverse("casework:episodes")),
    ("caseload", "GET"): Page("open", lambda w: reverse("casework:caseload")),
    ("locality-caseload", "GET"): Page("open", lambda w: reverse("casework:locality-caseload")),
    ("episode", "GET"): Page("open", episode_url("episode")),
    ("team", "GET"): Page("open", episode_url("team")),
    ("handover", "GET"): Page(
        "stepped_up", lambda w: reverse("casework:handover", args=[w.episode.pk, w.handover.pk])
    ),
    ("step-up", "GET"): Page("open", episode_url("step-up")),
    ("step-up", "POST"): Page(
        "open",
        episode_url("step-up"),
        data=lambda w: {"reason": "Disclosure at school"},
        changed=lambda w: status_of(w) == Episode.Status.STEPPED_UP,
    ),
    ("close", "GET"): Page("open", episode_url("close")),
    ("close", "POST"): Page(
        "open",
        episode_url("close"),
        data=lambda w: {
            f"need_{w.need.pk}": "achieved",
            "reason": Episode.ClosureReason.OUTCOMES_MET,
            "family_adviser": w.lead_member.pk,
        },
        changed=lambda w: status_of(w) == Episode.Status.CLOSED,
    ),
    ("team", "POST"): Page(
        "open",
        episode_url("team"),
        data=lambda w: {"membership": w.joiner.pk},
        changed=lambda w: w.episode.team.filter(worker=w.joiner.user).exists(),
    ),
    ("team-remove", "POST"): Page(
        "open",
        lambda w: reverse("casework:team-remove", args=[w.episode.pk, w.team_member.pk]),
        changed=lambda w: w.episode.team.filter(
            pk=w.team_member.pk, left_on__isnull=False
        ).exists(),
    ),
    ("review", "GET"): Page("open", episode_url("review")),
    ("review", "POST"): Page(
        "open",
        episode_url("review"),
        data=lambda w: {
            "held_on": TODAY.strftime("%d/%m/%Y"),
            f"score_{w.need.pk}": "4",
            "summary": "Going well",
        },
        changed=lambda w: Review.objects.filter(episode=w.episode).exists(),
    ),
    ("assessment-complete", "POST"): Page(
        "complete_draft",
        episode_url("assessment-complete"),
        data=lambda w: {"base_version": w.assessment.version},
        changed=lambda w: Assessment.objects.filter(
            pk=w.assessment.pk, status=Assessment.Status.COMPLETED
        ).exists(),
    ),
    ("reassign", "GET"): Page("open", episode_url("reassign")),
    ("reassign", "POST"): Page(
        "open",
        episode_url("reassign"),
        data=lambda w: {"lead": w.new_lead.pk, "reason": "Long-term leave"},
        changed=lambda w: Episode.objects.filter(
            pk=w.episode.pk, lead_professional=w.new_lead.user
        ).exists(),
    ),
    ("step-down", "GET"): Page(
        "stepped_up", lambda w: reverse("casework:step-down", args=[w.family.pk])
    ),
    ("step-down", "POST"): Page(
        "stepped_up",
        lambda w: reverse("casework:step-down", args=[w.family.pk]),
        data=lambda w: {"lead": w.lead_membership.pk, "reason": "Social care plan ended"},
        changed=lambda w: w.family.episodes.filter(source=Episode.Source.STEP_DOWN).exists(),
    ),
    ("assessment", "GET"): Page("draft", episode_url("assessment")),
    ("assessment-pdf", "GET"): Page("draft", episode_url("assessment-pdf")),
    ("plan", "GET"): Page("open", episode_url("plan")),
    ("plan-pdf", "GET"): Page("open", episode_url("plan-pdf")),
    ("assessment", "POST start"): Page(
        "open",
        episode_url("assessment"),
        data=lambda w: {"action": "start"},
        changed=lambda w: Assessment.objects.filter(episode=w.episode).exists(),
    ),
    ("assessment", "POST save"): Page(
        "draft",
        episode_url("assessment"),
        data=lambda w: assessment_form(w.assessment, analysis="Saved by the page"),
        changed=analysis_is("Saved by the page"),
    ),
    ("assessment-autosave", "POST"): Page(
        "draft",
        episode_url("assessment-autosave"),
        data=lambda w: assessment_form(w.assessment, analysis="Saved by the autosave"),
        changed=analysis_is("Saved by the autosave"),
    ),
    ("plan-need-add", "POST"): Page(
        "open",
        episode_url("plan-need-add"),
        data=lambda w: {
            "need-outcome": "housing",
            "need-description": "Damp flat",
            "need-baseline_score": "7",
        },
        changed=lambda w: w.episode.needs.filter(description="Damp flat").exists(),
    ),
    ("plan-action-add", "POST"): Page(
        "open",
        episode_url("plan-action-add"),
        # Owned by the team member: the lead may give it to them, and they may take it on.
        data=lambda w: {
            "action-need": w.need.pk,
            "action-description": "Walk Zara to school on Mondays",
            "action-owner": w.team_member.pk,
            "action-due_on": (TODAY + dt.timedelta(days=7)).strftime("%d/%m/%Y"),
        },
        changed=lambda w: PlanAction.objects.filter(
            description="Walk Zara to school on Mondays"
        ).exists(),
    ),
    ("plan-action-update", "POST"): Page(
        "open",
        lambda w: reverse("casework:plan-action-update", args=[w.episode.pk, w.action.pk]),
        data=lambda w: {
            f"update-{w.action.pk}-status": "done",
            f"update-{w.action.pk}-update": "Done",
        },
        changed=lambda w: PlanAction.objects.filter(pk=w.action.pk, status="done").exists(),
    ),
    ("meeting", "GET"): Page("open", episode_url("meeting")),
    ("meeting", "POST"): Page(
        "open",
        episode_url("meeting"),
        data=lambda w: {
            "held_on": TODAY.strftime("%d/%m/%Y"),
            "attended": [w.lead_member.pk],
            "family_attended": "yes",
            "notes": "Talked about mornings",
        },
        changed=lambda w: TeamMeeting.objects.filter(episode=w.episode).exists(),
    ),
    ("plan-review-interval", "POST"): Page(
        "open",
        episode_url("plan-review-interval"),
        data=lambda w: {"interval-weeks": "7"},
        changed=lambda w: Episode.objects.filter(pk=w.episode.pk, review_interval_weeks=7).exists(),
    ),
}


# --- The worlds the cells need, reached through casework's own services ----------------------


def former_team_member(request, episode):
    """A practitioner of the partner's organisation who was in the team and has left it."""
    lead = request.getfixturevalue("lead_professional")
    worker = staff_of(request.getfixturevalue("partner_organisation"), "practitioner")
    member = team_member_add(
        episode=episode,
        worker=worker,
        organisation=request.getfixturevalue("partner_organisation"),
        by=lead,
    )
    team_member_remove(member=member, by=lead)
    return worker


def open_world(request) -> SimpleNamespace:
    """The open episode, its team member, one need with an action the team member owns, and
    the people a form may choose: a new lead, a worker to join the team."""
    episode = request.getfixturevalue("episode")
    team_member = request.getfixturevalue("team_member")
    lead = request.getfixturevalue("lead_professional")
    partner_organisation = request.getfixturevalue("partner_organisation")
    need = need_add(
        episode, outcome="health", description="Mum's low mood", baseline_score=7, by=lead
    )
    action = action_add(need, description="Call the GP", owner=team_member, due_on=TODAY, by=lead)
    return SimpleNamespace(
        family=episode.family,
        episode=episode,
        team_member=team_member,
        lead_member=episode.team.get(worker=lead),
        need=need,
        action=action,
        new_lead=MembershipFactory(organisation=partner_organisation, role="lead_professional"),
        joiner=MembershipFactory(organisation=partner_organisation, role="practitioner"),
        former_team_member=former_team_member(request, episode),
    )


def draft_world(request, *, complete: bool = False) -> SimpleNamespace:
    """The open episode with a draft assessment, every answer given when `complete`."""
    world = open_world(request)
    lead = world.episode.lead_professional
    assessment = assessment_start(world.episode, lead)
    if complete:
        child = voice_children(assessment)[0]
        changes = {f"{area.field_prefix}__score": 4 for area in AREAS} | {
            voice_key(child.pk): "I like school but bedtime is hard.",
            "analysis": "Sleep routines and low mood.",
            "consent_recorded": True,
        }
        assessment = assessment_save(
            assessment=assessment, base_version=1, changes=changes, by=lead
        )
    world.assessment = assessment
    return world


def stepped_up_world(request) -> SimpleNamespace:
    """The episode (its team as in the open world) handed over to children's social care; the
    family may be stepped down."""
    request.getfixturevalue("team_member")
    former = former_team_member(request, request.getfixturevalue("episode"))
    episode = request.getfixturevalue("stepped_up_episode")
    lead = request.getfixturevalue("lead_professional")
    return SimpleNamespace(
        former_team_member=former,
        family=episode.family,
        episode=episode,
        handover=episode.events.get(kind=EpisodeEvent.Kind.STEPPED_UP),
        lead_membership=lead.memberships.get(),
    )


WORLDS = {
    "open": open_world,
    "draft": draft_world,
    "complete_draft": lambda request: draft_world(request, complete=True),
    "stepped_up": stepped_up_world,
}


def actor_user(request, world: SimpleNamespace, actor: str):
    if actor in ROLES:
        return staff_of(request.getfixturevalue("council_organisation"), actor)
    return {
        "episode_lead": lambda: request.getfixturevalue("lead_professional"),
        "team_member": lambda: request.getfixturevalue("partner_practitioner"),
        "former_team_member": lambda: world.former_team_member,
        "uninvolved_organisation": lambda: request.getfixturevalue("outsider"),
        "other_council": lambda: staff_of(
            request.getfixturevalue("other_council_organisation"), "locality_manager"
        ),
        "anonymous": lambda: None,
    }[actor]()


CELLS = [(page, actor) for page in EXPECTED for actor in ACTORS]


@pytest.mark.parametrize(("page", "actor"), CELLS, ids=[f"{p[0]}:{p[1]}-{a}" for p, a in CELLS])
def test_access(request, page, actor):
    expected = EXPECTED[page][ACTORS.index(actor)]
    spec = PAGES[page]
    world = WORLDS[spec.state](request)
    user = actor_user(request, world, actor)
    method = page[1].split()[0]

    response = ask(Client(), user, method, spec.url(world), spec.data(world))

    assert_status(response, expected, signed_out=user is None)
    if spec.changed is not None:
        # A form allowed has done its work; one refused has changed nothing.
        assert spec.changed(world) is (expected in (200, 302) and user is not None)
    if page[0] in LISTED and expected == 200:
        shown = reverse("casework:episode", args=[world.episode.pk]) in response.content.decode()
        assert shown is (actor in LISTED[page[0]])


def test_every_cell_has_a_way_to_reach_it():
    assert set(PAGES) == set(EXPECTED)
    assert all(len(row) == len(ACTORS) for row in EXPECTED.values())


# --- Addresses that pair the episode with a row of another episode --------------------------


def another_episode(request) -> SimpleNamespace:
    """An episode of another family of the council, led from the outsider's organisation: its
    team member, its action and its handover, none of them the lead of `episode`'s to touch."""
    outsider = request.getfixturevalue("outsider")
    organisation = request.getfixturevalue("outsider_organisation")
    family = family_with_consent_for(
        organisation, worker=outsider, local_authority=request.getfixturevalue("council")
    )
    other = episode_open(
        family=family,
        lead_professional=outsider,
        lead_organisation=organisation,
        source=Episode.Source.TRIAGE,
        by=outsider,
    )
    member = other.team.get(worker=outsider)
    need = need_add(other, outcome="housing", description="Damp", baseline_score=6, by=outsider)
    action = action_add(need, description="Call", owner=member, due_on=TODAY, by=outsider)
    handover = episode_step_up(episode=other, by=outsider, reason="Disclosure")
    return SimpleNamespace(member=member, action=action, handover=handover)


MIXED = {
    "team-remove": lambda w, o: reverse("casework:team-remove", args=[w.episode.pk, o.member.pk]),
    "plan-action-update": lambda w, o: reverse(
        "casework:plan-action-update", args=[w.episode.pk, o.action.pk]
    ),
    "handover": lambda w, o: reverse("casework:handover", args=[w.episode.pk, o.handover.pk]),
}


@pytest.mark.parametrize("name", list(MIXED))
def test_a_row_of_another_episode_is_not_acknowledged(request, name):
    """The episode's own lead, with another episode's row in the address: 404, nothing done."""
    world = open_world(request)
    other = another_episode(request)
    client = Client()
    lead = request.getfixturevalue("lead_professional")
    url = MIXED[name](world, other)
    data = {f"update-{other.action.pk}-status": "done", f"update-{other.action.pk}-update": "x"}

    response = ask(client, lead, "GET" if name == "handover" else "POST", url, data)

    assert response.status_code == 404
    other.member.refresh_from_db()
    other.action.refresh_from_db()
    assert other.member.left_on is None
    assert other.action.status != "done"
