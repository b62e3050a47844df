"""The demo's requests for help, as families and practitioners make them, and triage's
decisions on them: every step through the service the page itself calls."""

import random
import uuid

from familyhub.accounts.models import Organisation, User
from familyhub.demo.people import Household, child_role
from familyhub.directory.models import Service
from familyhub.frontdoor import services as front_door
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.frontdoor.referrals import services as referrals
from familyhub.frontdoor.referrals.services import ReferralData, ReferredPerson, referral_submit
from familyhub.frontdoor.selectors import language_get
from familyhub.places.models import Postcode
from familyhub.triage import services as triage

Help = SupportRequest.Help

# What families say, in their own words, by the help they ask for.
WORRIES = {
    Help.PARENTING: "Bedtimes are a battle every night and I am exhausted.",
    Help.MONEY: "We are behind on rent and the gas, and I do not know where to start.",
    Help.HOUSING: "The flat is damp and overcrowded; the children share one room.",
    Help.BABY: "I am expecting and feel alone; I have no family nearby.",
    Help.SCHOOL: "My son has stopped wanting to go to school.",
    Help.HEALTH: "I have been feeling very low since the baby was born.",
    Help.SEND: "We think our daughter may be autistic and are waiting for an assessment.",
    Help.HOME: "There are a lot of arguments at home and the children hear them.",
    Help.TALK: "I would like someone to talk to about how things are going.",
}
REASONS = {
    NeedLevel.Route.SIGNPOST: "Needs can be met by universal services; signposted to a stay and "
    "play group and the Family Information Service.",
    NeedLevel.Route.HUB_ALLOCATION: "Several needs together: a Team Around the Family with an "
    "Early Help Assessment.",
    NeedLevel.Route.SOCIAL_CARE: "Concerns need a social work assessment: handed over to the "
    "Multi-Agency Safeguarding Hub.",
}


def _phone(rng: random.Random) -> str:
    # Ofcom's drama numbers: never anybody's real phone.
    return f"020 7946 0{rng.randint(0, 999):03d}"


def family_request(
    rng: random.Random, household: Household, postcode: Postcode, *, urgent: bool
) -> SupportRequest:
    """A family asks online, answering the questions in the order the journey asks them."""
    asker = (
        SupportRequest.Requester.YOUNG_PERSON
        if household.young_person_asking
        else SupportRequest.Requester.PARENT
    )
    request = front_door.draft_start(asker=asker)
    front_door.person_save(
        request,
        role="parent",
        given_name=household.parent_given,
        family_name=household.family_name,
    )
    for child in household.children:
        front_door.person_save(
            request,
            role=child_role(child),
            given_name=child.given_name,
            family_name=household.family_name if child.given_name else "",
            date_of_birth=child.date_of_birth,
            due_date=child.due_date,
            sex=child.sex,
        )
    helps = rng.sample(sorted(WORRIES), k=rng.choice([1, 1, 2]))
    front_door.draft_update(request, worries=" ".join(WORRIES[h] for h in helps))
    front_door.extra_update(request, help=helps)
    front_door.draft_update(request, safeguarding_concern=urgent)
    front_door.address_save(
        request,
        address_1=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
        address_2="",
        city="London",
        postcode=postcode,
    )
    method = rng.choice(
        [SupportRequest.Contact.PHONE, SupportRequest.Contact.TEXT, SupportRequest.Contact.EMAIL]
    )
    front_door.draft_update(
        request,
        contact_name=f"{household.parent_given} {household.family_name}",
        contact_method=method,
        phone=_phone(rng),
        email=f"{household.parent_given.lower()}.{household.family_name.lower()}@example.org",
        language=language_get(household.language),
        consent_to_share=True,
    )
    return front_door.request_submit(request=request, submission_key=request.submission_key)


STREETS = [
    "Brick Lane",
    "Commercial Road",
    "Roman Road",
    "Mile End Road",
    "Burdett Road",
    "Cable Street",
    "Westferry Road",
    "Manchester Road",
    "Bow Road",
    "Whitechapel Road",
]


def practitioner_referral(
    rng: random.Random,
    household: Household,
    postcode: Postcode,
    *,
    practitioner: User,
    organisation: Organisation,
    urgent: bool,
    service: Service | None = None,
) -> SupportRequest:
    """A partner refers the family, with the family's agreement: to the front door, or straight
    to a directory service that takes referrals."""
    people = [
        ReferredPerson(
            role="parent", given_name=household.parent_given, family_name=household.family_name
        )
    ]
    people += [
        ReferredPerson(
            role=child_role(child),
            given_name=child.given_name,
            family_name=household.family_name if child.given_name else "",
            date_of_birth=child.date_of_birth,
            due_date=child.due_date,
        )
        for child in household.children
    ]
    helps = rng.sample(sorted(WORRIES), k=2)
    data = ReferralData(
        service=service,
        people=people,
        address_1=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
        postcode=postcode.postcode,
        postcode_local_authority_code=postcode.local_authority_code,
        city="London",
        worries=" ".join(WORRIES[h] for h in helps),
        help_wanted="A Team Around the Family",
        consent_to_share=True,
        at_risk=urgent,
        contact_name=f"{household.parent_given} {household.family_name}",
        phone=_phone(rng),
        language=language_get(household.language),
        interpreter=household.language != "en" and rng.random() < 0.5,
    )
    return referral_submit(
        practitioner=practitioner,
        organisation=organisation,
        data=data,
        submission_key=uuid.uuid4(),
    )


def first_contact(request: SupportRequest, by: User) -> None:
    triage.request_first_contact(request=request, by=by)


def decide(
    request: SupportRequest,
    *,
    level: NeedLevel,
    by: User,
    triage_organisation: Organisation,
    lead: User | None,
) -> SupportRequest:
    return triage.request_decide(
        request=request,
        level=level,
        reason=REASONS[level.route],
        lead_professional=lead,
        triage_organisation=triage_organisation,
        by=by,
    )


DECLINED = "We have no places this term; the family's health visitor can refer again in January."
COMPLETED = "Six sessions attended; the family says bedtimes are calmer."


def answer_steps(rng: random.Random, days_since: float) -> list[tuple[float, str]]:
    """The service's answers to a referral made `days_since` days ago, as (days after the
    referral, answer): nothing yet for a day or two, then opened, then accepted or declined,
    and most accepted ones completed some weeks on."""
    steps = [(1.0, "opened"), (2.5, "declined" if rng.random() < 0.15 else "accepted")]
    if steps[1][1] == "accepted":
        steps.append((rng.uniform(20, 60), "completed"))
    return [(day, answer) for day, answer in steps if day < days_since]


def answer(referral: SupportRequest, answer: str, *, by: User) -> None:
    """The service answers through the service its inbox page calls."""
    if answer == "opened":
        referrals.referral_open(referral=referral, by=by)
    elif answer == "accepted":
        referrals.referral_accept(referral=referral, by=by)
    elif answer == "declined":
        referrals.referral_decline(referral=referral, by=by, reason=DECLINED)
    else:
        referrals.referral_complete(referral=referral, by=by, outcome=COMPLETED)
