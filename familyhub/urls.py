from django.urls import include, path

from familyhub.directory.oruk.api import api as oruk_api
from familyhub.families.api import api as families_api

urlpatterns = [
    path("", include("familyhub.pages.urls")),
    path("", include("familyhub.directory.urls")),
    path("staff/", include("familyhub.accounts.urls")),
    path("request-support/", include("familyhub.frontdoor.urls")),
    path("staff/families/", include("familyhub.families.urls")),
    path("staff/triage/", include("familyhub.triage.urls")),
    path("staff/referrals/", include("familyhub.frontdoor.referrals.urls")),
    path("staff/audit/", include("familyhub.oversight.urls")),
    path("staff/casework/", include("familyhub.casework.urls")),
    path("staff/jobs/", include("familyhub.notifications.urls")),
    path("api/oruk/", oruk_api.urls),
    path("api/families/", families_api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Branded, translated error pages; JSON under /api/ (familyhub/errors.py).
handler400 = "familyhub.errors.bad_request"
handler403 = "familyhub.errors.permission_denied"
handler404 = "familyhub.errors.page_not_found"
handler500 = "familyhub.errors.server_error"
