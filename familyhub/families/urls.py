from django.urls import path

from familyhub.families.views import changes, household, merging, record

app_name = "families"
urlpatterns = [
    path("", record.family_list, name="list"),
    # "<uuid:pk>/" (name "detail"), the record page, is mounted with these by the project's
    # urls.py: casework composes it (familyhub/casework/views/family_record.py).
    path("<uuid:pk>/export.json", record.family_export, name="export"),
    path("<uuid:pk>/chronology/new", changes.chronology_new, name="chronology-new"),
    path("<uuid:pk>/consent/new", changes.consent_new, name="consent-new"),
    path(
        "<uuid:pk>/consent/<int:consent_pk>/withdraw",
        changes.consent_withdraw,
        name="consent-withdraw",
    ),
    path("<uuid:pk>/override/new", changes.override_new, name="override-new"),
    path("<uuid:pk>/household/new", household.member_add, name="household-add"),
    path(
        "<uuid:pk>/household/<uuid:person_pk>/remove",
        household.member_remove,
        name="household-remove",
    ),
    path(
        "<uuid:pk>/household/<uuid:person_pk>/birth",
        household.birth_record,
        name="household-birth",
    ),
    path(
        "<uuid:pk>/household/<uuid:person_pk>/details",
        household.person_needs,
        name="household-details",
    ),
    path(
        "<uuid:pk>/people/<uuid:person_pk>/same-person",
        merging.merge_candidates,
        name="merge-candidates",
    ),
    path(
        "<uuid:pk>/people/<uuid:person_pk>/same-person/<uuid:other_pk>",
        merging.merge_confirm,
        name="merge-confirm",
    ),
    path("<uuid:pk>/merges/<int:event_pk>/undo", merging.merge_undo, name="merge-undo"),
]
