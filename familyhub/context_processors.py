from django.conf import settings
from django.http import HttpRequest


def council(request: HttpRequest) -> dict[str, str]:
    """The council's and the service's names, for the header, footer and page titles."""
    return {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME}
