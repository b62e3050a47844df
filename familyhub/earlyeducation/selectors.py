"""Reads for the 2-year-old offer: nearby providers, the terms listed, the letter list and the
take-up figures."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Q, QuerySet

from familyhub.directory.models import SearchEntry, Service, TaxonomyTerm
from familyhub.directory.selectors import DirectorySearch, directory_search, public_services
from familyhub.earlyeducation import rules
from familyhub.earlyeducation.models import Eligibility, Invitation, ListImport
from familyhub.earlyeducation.rules import Term
from familyhub.places.models import Locality, Postcode
from familyhub.places.rules import METRES_PER_MILE

# The national taxonomy has no category for funded childcare: its nearest fit is DfE term 12,
# "Pre-school playgroup" (nurseries, pre-schools and childminders are listed under it). A
# provider of funded 2-year places is a service in that category, for 2-year-olds, that a
# family books or applies to (a drop-in group is not a place).
PROVIDER_TERM_CODE = "12"
PROVIDER_TERM_NAME = "Pre-school playgroup"
PROVIDERS_NAMED = 3
PROVIDERS_WITHIN_MILES = 5
AGE = 2


@dataclass(frozen=True)
class Provider:
    """A provider as an invitation names it."""

    service_id: UUID
    name: str
    organisation: str
    place: str
    postcode: str
    miles: float


def provider_term() -> TaxonomyTerm | None:
    return TaxonomyTerm.objects.filter(
        code=PROVIDER_TERM_CODE, name=PROVIDER_TERM_NAME, local_authority__isnull=True
    ).first()


def _for_two_year_olds() -> Q:
    return (Q(minimum_age__isnull=True) | Q(minimum_age__lte=AGE)) & (
        Q(maximum_age__isnull=True) | Q(maximum_age__gte=AGE)
    )


def providers_near(postcode: Postcode, *, limit: int = PROVIDERS_NAMED) -> list[Provider]:
    """The nearest providers of funded 2-year places to the postcode, one place each."""
    term = provider_term()
    if term is None:
        return []
    entries = (
        directory_search(
            DirectorySearch(
                postcode=postcode, distance_miles=PROVIDERS_WITHIN_MILES, categories=[term.pk]
            )
        )
        .filter(_for_two_year_olds())
        .exclude(access=Service.Access.DROP_IN)
        .exclude(easting__isnull=True)
    )
    found: dict[UUID, Provider] = {}
    for entry in entries.iterator():
        if entry.service_id in found:
            continue  # its nearest place is already named
        found[entry.service_id] = _provider(entry)
        if len(found) == limit:
            break
    return list(found.values())


def _provider(entry: SearchEntry) -> Provider:
    metres = getattr(entry, "distance_squared", 0) ** 0.5
    return Provider(
        service_id=entry.service_id,
        name=entry.service_name,
        organisation=entry.card.get("organisation", ""),
        place=entry.location_name,
        postcode=entry.card.get("postcode", ""),
        miles=round(metres / METRES_PER_MILE, 1),
    )


def providers_of(local_authority_id: str) -> QuerySet[Service]:
    """Every provider of funded 2-year places in the council, for the take-up form."""
    term = provider_term()
    if term is None:
        return Service.objects.none()
    return (
        public_services()
        .filter(local_authority_id=local_authority_id, terms=term)
        .filter(_for_two_year_olds())
        .exclude(access=Service.Access.DROP_IN)
        .select_related("organisation")
        .order_by("name")
    )


def terms_listed(local_authority_id: str) -> list[Term]:
    """The terms the council has a list for, the latest first."""
    pairs = (
        Eligibility.objects.filter(child__local_authority_id=local_authority_id)
        .values_list("term_year", "term_season")
        .distinct()
    )
    terms = [Term(year, season) for year, season in pairs]
    return sorted(terms, key=lambda term: term.order, reverse=True)


def imports_recent(local_authority_id: str, *, limit: int = 10) -> list[ListImport]:
    return list(
        ListImport.objects.filter(local_authority_id=local_authority_id)
        .select_related("imported_by")
        .order_by("-imported_at", "-pk")[:limit]
    )


def list_import_get(local_authority_id: str, pk: int) -> ListImport | None:
    return ListImport.objects.filter(local_authority_id=local_authority_id, pk=pk).first()


def _of_term(local_authority_id: str, term: Term) -> QuerySet[Eligibility]:
    return Eligibility.objects.filter(
        child__local_authority_id=local_authority_id,
        term_year=term.year,
        term_season=term.season,
    )


def letters_to_post(local_authority_id: str, term: Term) -> list[Invitation]:
    """The invitations of the term that go by post, in postcode order (as the post room
    sorts them)."""
    return list(
        Invitation.objects.filter(
            eligibility__in=_of_term(local_authority_id, term),
            channel=Invitation.Channel.LETTER,
        )
        .select_related("eligibility__child")
        .order_by("eligibility__child__postcode", "eligibility__child__last_name", "pk")
    )


def eligibility_by_code(local_authority_id: str, code: str) -> Eligibility | None:
    return (
        Eligibility.objects.filter(child__local_authority_id=local_authority_id, code=code)
        .select_related("child")
        .first()
    )


@dataclass(frozen=True)
class TakeUpRow:
    """One locality's figures for a term, as published: a count is None when suppressed."""

    name: str
    eligible: int | None
    invited: int | None
    took_up: int | None
    percent: int | None


def _row(name: str, eligible: int, invited: int, took_up: int) -> TakeUpRow:
    return TakeUpRow(
        name=name,
        eligible=rules.suppressed(eligible),
        invited=rules.suppressed(invited),
        took_up=rules.suppressed(took_up),
        percent=rules.take_up_percent(eligible, took_up),
    )


def take_up_figures(local_authority_id: str, term: Term) -> tuple[list[TakeUpRow], TakeUpRow]:
    """Each locality's eligible, invited and took-up children in the term, and the council's
    total, with small numbers suppressed. Counts only: no child is read."""
    counts: dict[int, tuple[int, int, int]] = {
        row["locality"]: (row["eligible"], row["invited"], row["took_up"])
        for row in _of_term(local_authority_id, term)
        .values("locality")
        .annotate(eligible=Count("pk"), invited=Count("invitation"), took_up=Count("take_up"))
    }
    localities = Locality.objects.filter(local_authority_id=local_authority_id).order_by("name")
    rows, totals = [], [0, 0, 0]
    for locality in localities:
        figures = list(counts.get(locality.pk, (0, 0, 0)))
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
        rows.append(_row(locality.name, *figures))
    return rows, _row("", *totals)
