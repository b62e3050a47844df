from django.urls import path

from familyhub.casework.views import caseload, plan

urlpatterns = [
    path("caseload", caseload.my_caseload_page, name="caseload"),
    path("caseload/locality", caseload.locality_caseload_page, name="locality-caseload"),
    path("<uuid:pk>/plan", plan.plan, name="plan"),
    path("<uuid:pk>/review", plan.review, name="review"),
]
