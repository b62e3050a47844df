from django.urls import include, path

from familyhub.casework.views import family_record
from familyhub.directory.oruk.api import api as oruk_api
from familyhub.families import urls as families_urls
from familyhub.families.api import api as families_api

# The family record page shows what families, the front door and casework hold, so casework,
# above all three, composes it; it keeps its address and name ("families:detail").
families_pages = (
    [path("<uuid:pk>/", family_record.family_detail, name="detail"), *families_urls.urlpatterns],
    families_urls.app_name,
)

urlpatterns = [
    path("", include("familyhub.pages.urls")),
    path("", include("familyhub.directory.urls")),
    path("staff/", include("familyhub.home.urls")),
    path("staff/", include("familyhub.accounts.urls")),
    path("request-support/", include("familyhub.frontdoor.urls")),
    path("whats-on/", include("familyhub.activities.urls")),
    path("feedback/", include("familyhub.feedback.urls")),
    path("staff/families/", include(families_pages)),
    path("staff/triage/", include("familyhub.triage.urls")),
    path("staff/social-care/", include("familyhub.socialcare.urls")),
    path("staff/sessions/", include("familyhub.activities.urls_registers")),
    path("staff/referrals/", include("familyhub.frontdoor.referrals.urls")),
    path("staff/audit/", include("familyhub.oversight.urls")),
    path("staff/insight/", include("familyhub.insight.urls")),
    path("staff/casework/", include("familyhub.casework.urls")),
    path("staff/jobs/", include("familyhub.notifications.urls")),
    path("staff/notifications/", include("familyhub.notifications.urls_notices")),
    path("staff/accounts/", include("familyhub.staffaccounts.urls")),
    path("staff/data-protection/", include("familyhub.dataprotection.urls")),
    path("staff/start-for-life/", include("familyhub.startforlife.urls")),
    path("staff/two-year-offer/", include("familyhub.earlyeducation.urls")),
    path("staff/feedback/", include("familyhub.feedback.urls_staff")),
    path("api/oruk/", oruk_api.urls),
    path("api/families/", families_api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Branded, translated error pages; JSON under /api/ (familyhub/errors.py).
handler400 = "familyhub.errors.bad_request"
handler403 = "familyhub.errors.permission_denied"
handler404 = "familyhub.errors.page_not_found"
handler500 = "familyhub.errors.server_error"
