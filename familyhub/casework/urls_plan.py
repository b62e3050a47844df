from django.urls import path

from familyhub.casework.views import caseload, plan

urlpatterns = [
    path("caseload", caseload.my_caseload_page, name="caseload"),
    path("caseload/locality", caseload.locality_caseload_page, name="locality-caseload"),
    # The plan page, and one address for each change made from it.
    path("<uuid:pk>/plan", plan.plan, name="plan"),
    path("<uuid:pk>/plan/need", plan.need_add, name="plan-need-add"),
    path("<uuid:pk>/plan/action", plan.action_add, name="plan-action-add"),
    path(
        "<uuid:pk>/plan/actions/<int:action_pk>",
        plan.action_update,
        name="plan-action-update",
    ),
    path("<uuid:pk>/plan/review-interval", plan.review_interval_set, name="plan-review-interval"),
    path("<uuid:pk>/review", plan.review, name="review"),
]
