"""Reads for data protection requests: the register, finding whom a request is about, and the
subject access report, everything held about one person, with who has seen it.

The report is plain data (sections of entries, each a dict of label to text) so that the
printable page, the JSON file and the CSV file show exactly the same thing.
"""

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from familyhub.accounts.models import Membership as StaffMembership
from familyhub.activities.models import Attendance, Booking, HubRegistration
from familyhub.audit.models import AuditEvent
from familyhub.casework.models import Assessment, ChildVoice, Episode
from familyhub.casework.selectors import episode_events, plan_needs, recent_reviews
from familyhub.dataprotection.models import DataProtectionRequest
from familyhub.families.models import Family, Membership, Person
from familyhub.families.selectors import (
    chronology_for_family,
    consents_of,
    involvements_of,
    overrides_of,
)
from familyhub.feedback.selectors import answers_of_families
from familyhub.frontdoor.models import SupportRequest
from familyhub.frontdoor.selectors import request_people

# Enough to tell people apart by name and date of birth; a longer list means a better search.
SUBJECTS_SHOWN = 20
# Every review an episode had: a copy of what is held leaves nothing out.
ALL_REVIEWS = 10_000


def dp_requests_of(local_authority_codes: list[str]) -> QuerySet[DataProtectionRequest]:
    """These councils' requests, the soonest due first."""
    return (
        DataProtectionRequest.objects.filter(local_authority_id__in=local_authority_codes)
        .select_related("person", "support_request")
        .order_by("due_on", "recorded_at")
    )


def dp_request_get(local_authority_codes: list[str], pk: UUID | str) -> DataProtectionRequest:
    """One of these councils' requests; Http404 for any other council's."""
    dp_request = dp_requests_of(local_authority_codes).filter(pk=pk).first()
    if dp_request is None:
        raise Http404
    return dp_request


def person_get_in(local_authority_codes: list[str], pk: UUID | str) -> Person:
    """Somebody in these councils' shared record (not merged away); Http404 otherwise."""
    person = Person.objects.filter(
        pk=pk, local_authority_id__in=local_authority_codes, merged_into__isnull=True
    ).first()
    if person is None:
        raise Http404
    return person


def _front_door_only(local_authority_codes: list[str]) -> QuerySet[SupportRequest]:
    """Sent requests not (yet) in a family record: drafts are the family's until they send."""
    return SupportRequest.objects.filter(
        local_authority_id__in=local_authority_codes, family__isnull=True
    ).exclude(status=SupportRequest.Status.DRAFT)


def front_door_request_get_in(local_authority_codes: list[str], pk: UUID | str) -> SupportRequest:
    support_request = _front_door_only(local_authority_codes).filter(pk=pk).first()
    if support_request is None:
        raise Http404
    return support_request


@dataclass
class Subjects:
    """Whom a search found: people in the record, and front door requests in no record."""

    people: list[Person] = field(default_factory=list)
    requests: list[SupportRequest] = field(default_factory=list)


def subjects_matching(local_authority_codes: list[str], *, query: str) -> Subjects:
    """People and front door requests of these councils matching every word of the query (a
    name, an NHS number or a request's reference)."""
    words = query.split()
    if not words:
        return Subjects()
    people = Person.objects.filter(
        local_authority_id__in=local_authority_codes, merged_into__isnull=True
    )
    requests = _front_door_only(local_authority_codes)
    for word in words:
        people = people.filter(
            Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(nhs_number=word)
        )
        requests = requests.filter(
            Q(contact_name__icontains=word)
            | Q(reference__iexact=word)
            | Q(people__given_name__icontains=word)
            | Q(people__family_name__icontains=word)
        )
    return Subjects(
        people=list(
            people.prefetch_related("households__family").order_by(
                "family_name", "given_name", "date_of_birth"
            )[:SUBJECTS_SHOWN]
        ),
        requests=list(requests.distinct().order_by("-submitted_at")[:SUBJECTS_SHOWN]),
    )


def subject_families(dp_request: DataProtectionRequest) -> list[Family]:
    """The households the request's person is in (a front door request: its family, if any)."""
    if dp_request.person_id is not None:
        return list(
            Family.objects.filter(members__person_id=dp_request.person_id)
            .distinct()
            .order_by("reference")
        )
    family = dp_request.support_request.family if dp_request.support_request else None
    return [family] if family is not None else []


def subject_requests(dp_request: DataProtectionRequest) -> list[SupportRequest]:
    """The front door requests and referrals about the person: those describing them, and
    those of their households. Drafts are left out: nobody but the family has read them."""
    if dp_request.support_request_id is not None:
        return list(SupportRequest.objects.filter(pk=dp_request.support_request_id))
    if dp_request.person_id is None:
        return []  # whom it was about is no longer held (see the model)
    families = subject_families(dp_request)
    return list(
        SupportRequest.objects.filter(
            Q(people__person_id=dp_request.person_id) | Q(family__in=families)
        )
        .exclude(status=SupportRequest.Status.DRAFT)
        .select_related("referrer_organisation", "service", "level")
        .distinct()
        .order_by("submitted_at")
    )


# The subject access report


@dataclass
class Section:
    title: str
    entries: list[dict[str, str]]
    # Shown as a table (every entry has the same labels) rather than one list per entry.
    table: bool = False


@dataclass
class SubjectAccessReport:
    about: str
    produced_on: dt.date
    dp_request_id: str
    sections: list[Section]

    def as_dict(self) -> dict:
        return {
            "about": self.about,
            "produced_on": self.produced_on.isoformat(),
            "data_protection_request": self.dp_request_id,
            "sections": [
                {"title": section.title, "entries": section.entries} for section in self.sections
            ],
        }

    def as_rows(self) -> list[list[str]]:
        """One row a value: section, entry number, label, value (for the CSV file)."""
        rows = [["section", "entry", "item", "value"]]
        for section in self.sections:
            for number, entry in enumerate(section.entries, start=1):
                rows.extend(
                    [section.title, str(number), label, value] for label, value in entry.items()
                )
        return rows


def _text(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _entry(**labelled: object) -> dict[str, str]:
    """An entry of a section: keyword arguments use "_" for spaces in their labels."""
    return {
        label.replace("_", " ").strip().capitalize(): _text(value)
        for label, value in labelled.items()
    }


def _person_section(person: Person) -> Section:
    merged = Person.objects.filter(merged_into=person).count()
    return Section(
        "Your details",
        [
            _entry(
                first_name=person.given_name,
                last_name=person.family_name,
                date_of_birth=person.date_of_birth,
                due_date=person.due_date,
                sex=person.get_sex_display(),
                nhs_number=person.nhs_number,
                unique_pupil_number=person.upn,
                postcode=person.postcode,
                languages=", ".join(language.name for language in person.languages.all()),
                needs_an_interpreter=person.interpreter_needed,
                special_educational_needs_or_disabilities=person.send,
                education_health_and_care_plan=person.ehc_plan,
                other_records_of_you_merged_into_this_one=merged,
            )
        ],
    )


def _household_sections(person: Person | None, families: list[Family]) -> list[Section]:
    memberships = (
        {m.family_id: m for m in Membership.objects.filter(person=person, family__in=families)}
        if person is not None
        else {}
    )
    households, involved, consents, overrides = [], [], [], []
    for family in families:
        membership = memberships.get(family.pk)
        households.append(
            _entry(
                household=family.reference,
                family_name=family.name,
                address=", ".join(
                    p
                    for p in (family.address_1, family.address_2, family.city, family.postcode)
                    if p
                ),
                your_place_in_it=membership.get_role_display() if membership else "",
            )
        )
        involved += [
            _entry(
                household=family.reference,
                organisation=i.organisation.name,
                role=i.get_role_display(),
                from_=i.started,
                until=i.ended,
            )
            for i in involvements_of(family)
        ]
        consents += [
            _entry(
                household=family.reference,
                what_was_shared=c.get_scope_display(),
                with_=", ".join(o.name for o in c.organisations.all()),
                what_for=c.purpose,
                lawful_basis=c.get_lawful_basis_display(),
                given=c.given_at,
                how=c.get_given_how_display(),
                given_by=str(c.given_by) if c.given_by else "",
                withdrawn=c.withdrawn_at,
            )
            for c in consents_of(family)
        ]
        overrides += [
            _entry(
                household=family.reference,
                shared_with=o.organisation.name,
                why=o.reason,
                lawful_basis=o.get_lawful_basis_display(),
                from_=o.starts,
                until=o.ends,
            )
            for o in overrides_of(family)
        ]
    return [
        Section("Households you are in", households),
        Section("Organisations working with your household", involved, table=True),
        Section("Consent to share", consents),
        Section("Shared without consent to protect a child", overrides),
    ]


def _chronology_section(person: Person | None, families: list[Family]) -> Section:
    """Events about the person or the whole household; events about another member are that
    member's own data."""
    entries = []
    for family in families:
        events = chronology_for_family(family).filter(Q(person=person) | Q(person__isnull=True))
        entries += [
            _entry(
                household=family.reference,
                date=e.occurred_on,
                what_happened=e.summary,
                details=e.detail,
                recorded_by=e.organisation.name,
                about="You" if e.person_id else "The whole household",
            )
            for e in events
        ]
    return Section("Events recorded in the chronology", entries)


def _request_entry(support_request: SupportRequest) -> dict[str, str]:
    return _entry(
        reference=support_request.reference,
        sent=support_request.submitted_at,
        status=support_request.get_status_display(),
        referred_by=(
            support_request.referrer_organisation.name
            if support_request.referrer_organisation
            else ""
        ),
        referred_to=support_request.service.name if support_request.service else "",
        what_is_worrying_you=support_request.worries,
        kinds_of_help=", ".join(support_request.help_labels()),
        what_help_you_would_like=support_request.help_wanted,
        name=support_request.contact_name,
        contact_by=support_request.get_contact_method_display(),
        phone=support_request.phone,
        email=support_request.email,
        address=", ".join(
            p
            for p in (
                support_request.address_1,
                support_request.address_2,
                support_request.city,
                support_request.postcode,
            )
            if p
        ),
        a_child_may_be_at_risk=support_request.safeguarding_concern,
        agreed_to_share=support_request.consent_to_share,
        level_of_need=str(support_request.level) if support_request.level else "",
        decision=support_request.decision_reason,
        what_was_done_with_it=_request_answers_text(support_request),
        people_described="; ".join(
            " ".join(
                part
                for part in (
                    p.given_name,
                    p.family_name,
                    f"born {_text(p.date_of_birth)}" if p.date_of_birth else "",
                )
                if part
            )
            or p.get_role_display()
            for p in request_people(support_request)
        ),
    )


def _request_answers_text(support_request: SupportRequest) -> str:
    """The referred-to service's answers and children's social care's, with their words."""
    said = [
        (answer.get_answer_display(), answer.at, answer.note)
        for answer in support_request.answers.all()
    ] + [
        (answer.get_decision_display(), answer.at, answer.advice)
        for answer in support_request.social_care_answers.all()
    ]
    return "; ".join(
        f"{what} {_text(when)}" + (f": {words}" if words else "") for what, when, words in said
    )


def _request_sections(requests: list[SupportRequest]) -> list[Section]:
    # Made by a professional about the family (a referral, a step-down), not by the family.
    professional = (SupportRequest.Source.PRACTITIONER, SupportRequest.Source.STEP_DOWN)
    return [
        Section(
            "Requests for help",
            [_request_entry(r) for r in requests if r.source not in professional],
        ),
        Section("Referrals", [_request_entry(r) for r in requests if r.source in professional]),
    ]


def _casework_sections(person: Person | None, families: list[Family]) -> list[Section]:
    episodes_, assessments, plans, reviews = [], [], [], []
    for episode in (
        Episode.objects.filter(family__in=families)
        .select_related("family", "lead_organisation")
        .order_by("opened_on")
    ):
        household = episode.family.reference
        episodes_.append(
            _entry(
                household=household,
                opened=episode.opened_on,
                status=episode.get_status_display(),
                lead_organisation=episode.lead_organisation.name,
                closed=episode.closed_on,
                why_it_closed=episode.get_closure_reason_display(),
                history="; ".join(
                    f"{e.get_kind_display()} {_text(e.on)}" + (f": {e.reason}" if e.reason else "")
                    for e in episode_events(episode)
                ),
            )
        )
        for assessment in Assessment.objects.filter(episode=episode).prefetch_related("areas"):
            voice = ChildVoice.objects.filter(assessment=assessment, child=person).first()
            assessments.append(
                _entry(
                    household=household,
                    status=assessment.get_status_display(),
                    completed=assessment.completed_on,
                    what_the_parents_or_carers_say=assessment.voice_of_parents,
                    what_you_said=voice.words if voice else "",
                    analysis=assessment.analysis,
                    **{
                        f"{area.area} ({area.get_domain_display()})": " ".join(
                            p
                            for p in (
                                f"Strengths: {area.strengths}." if area.strengths else "",
                                f"Needs: {area.needs}." if area.needs else "",
                                f"Score {area.score} of 10." if area.score else "",
                            )
                            if p
                        )
                        for area in assessment.areas.all()
                    },
                )
            )
        for need in plan_needs(episode):
            plans.append(
                _entry(
                    household=household,
                    outcome=need.get_outcome_display(),
                    need=need.description,
                    result=need.get_result_display(),
                    actions="; ".join(
                        f"{a.description} ({a.get_status_display()}, due {_text(a.due_on)})"
                        for a in need.actions.all()
                    ),
                )
            )
        reviews += [
            _entry(household=household, held_on=r.held_on, summary=r.summary)
            for r in recent_reviews(episode, count=ALL_REVIEWS)
        ]
    return [
        Section("Early help", episodes_),
        Section("Early Help Assessments", assessments),
        Section("Family plans", plans),
        Section("Plan reviews", reviews, table=True),
    ]


def record_viewers(dp_request: DataProtectionRequest) -> QuerySet[AuditEvent]:
    """Every audit event about the person's households, their own record and the front door
    requests about them: who looked at or changed what is held, newest first."""
    families = subject_families(dp_request)
    about = Q(family_id__in=[family.pk for family in families]) | Q(
        record_type="frontdoor.supportrequest",
        record_id__in=[str(r.pk) for r in subject_requests(dp_request)],
    )
    if dp_request.person_id is not None:
        about |= Q(record_type="families.person", record_id=str(dp_request.person_id))
    return AuditEvent.objects.filter(about).order_by("-at", "-id")


def _viewers_section(dp_request: DataProtectionRequest) -> Section:
    events = list(record_viewers(dp_request))
    organisations: dict[int, set[str]] = {}
    for user_id, name in StaffMembership.objects.filter(
        user_id__in={e.actor_id for e in events if e.actor_id is not None},
        organisation__local_authority_id=dp_request.local_authority_id,
    ).values_list("user_id", "organisation__name"):
        organisations.setdefault(user_id, set()).add(name)
    return Section(
        "Who has seen or changed this information",
        [
            _entry(
                when=e.at,
                who=e.actor_label or "The system",
                organisation=", ".join(sorted(organisations.get(e.actor_id or 0, ()))),
                what=e.get_action_display(),
                record=e.record_type.split(".")[-1],
            )
            for e in events
        ],
        table=True,
    )


def _bookings_section(families: list[Family]) -> Section:
    """Places booked for the household at What's on sessions (by staff, or linked to it)."""
    bookings = Booking.objects.filter(family__in=families).select_related(
        "session__activity", "session__location"
    )
    return Section(
        "Places booked at sessions",
        [
            _entry(
                session=booking.session.activity.name,
                where=booking.session.location.name,
                when=booking.session.starts,
                state=booking.get_status_display(),
                name=booking.contact_name,
                contact=booking.contact,
                children=booking.children_ages,
            )
            for booking in bookings
        ],
    )


def _attendances_section(families: list[Family]) -> Section:
    """The household's registrations with hubs (how it agreed to be contacted) and the
    sessions it came to, as the registers recorded them."""
    registrations = HubRegistration.objects.filter(family__in=families).select_related("hub")
    attendances = Attendance.objects.filter(family__in=families).select_related(
        "session__activity", "session__location"
    )
    return Section(
        "Hub registrations and sessions attended",
        [
            *(
                _entry(
                    registered_with=registration.hub.name,
                    on=registration.registered_on,
                    contact_by=registration.get_channel_display(),
                    contact=registration.contact,
                )
                for registration in registrations
            ),
            *(
                _entry(
                    came_to=attendance.session.activity.name,
                    where=attendance.session.location.name,
                    when=attendance.session.starts,
                    name=attendance.name,
                    children=attendance.children,
                )
                for attendance in attendances
            ),
        ],
    )


def _feedback_section(families: list[Family]) -> Section:
    """What the household answered in the feedback survey, and what each answer was about."""
    return Section(
        "Feedback you gave",
        [
            _entry(
                about=(
                    answer.invitation.booking.session.activity.name
                    if answer.invitation.booking
                    else answer.invitation.get_about_display()
                ),
                answered=answer.answered_at,
                how_helpful=f"{answer.helpfulness} out of 5",
                told_your_story_once=answer.get_told_story_once_display(),
                what_could_be_better=answer.better,
            )
            for answer in answers_of_families(family.pk for family in families)
        ],
    )


def subject_access_report(
    dp_request: DataProtectionRequest, *, today: dt.date
) -> SubjectAccessReport:
    """Everything held about the request's person, through each app's own reads."""
    person = dp_request.person
    families = subject_families(dp_request)
    requests = subject_requests(dp_request)
    sections = [_person_section(person)] if person is not None else []
    sections += _household_sections(person, families)
    sections.append(_chronology_section(person, families))
    sections += _request_sections(requests)
    sections += _casework_sections(person, families)
    sections.append(_bookings_section(families))
    sections.append(_attendances_section(families))
    sections.append(_feedback_section(families))
    sections.append(_viewers_section(dp_request))
    support_request = dp_request.support_request
    if person is not None:
        about = str(person)
    elif support_request is not None:
        about = support_request.contact_name or support_request.reference
    else:
        about = "a person no longer in the record"
    return SubjectAccessReport(
        about=about,
        produced_on=today,
        dp_request_id=str(dp_request.pk),
        sections=sections,
    )
