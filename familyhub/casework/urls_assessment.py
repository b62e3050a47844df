from django.urls import path

from familyhub.casework.views import assessment

urlpatterns: list = [
    path("<uuid:pk>/assessment", assessment.assessment_page, name="assessment"),
    path(
        "<uuid:pk>/assessment/autosave",
        assessment.assessment_autosave,
        name="assessment-autosave",
    ),
    path(
        "<uuid:pk>/assessment/complete",
        assessment.assessment_complete_view,
        name="assessment-complete",
    ),
    path("<uuid:pk>/assessment.pdf", assessment.assessment_pdf, name="assessment-pdf"),
    path("<uuid:pk>/plan.pdf", assessment.plan_pdf, name="plan-pdf"),
]
