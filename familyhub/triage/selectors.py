from familyhub.families.matching import Candidate, find_candidates
from familyhub.frontdoor.models import RequestPerson, SupportRequest


def people_candidates(
    request: SupportRequest,
) -> list[tuple[RequestPerson, list[Candidate]]]:
    """For each person the request describes, who in the shared record they may already be."""
    return [
        (
            described,
            find_candidates(
                local_authority_code=request.local_authority_id,
                given_name=described.given_name,
                family_name=described.family_name,
                date_of_birth=described.date_of_birth,
                sex=described.sex,
                postcode=request.postcode,
                nhs_number=described.nhs_number,
            ),
        )
        for described in request.people.all()
    ]
