from django.urls import path

from familyhub.casework.views import episodes, team

urlpatterns: list = [
    path("episodes/", episodes.episode_list, name="episodes"),
    path("step-down/<uuid:family_pk>", episodes.step_down, name="step-down"),
    path("<uuid:pk>/", episodes.episode_detail, name="episode"),
    path("<uuid:pk>/step-up", episodes.step_up, name="step-up"),
    path("<uuid:pk>/handover/<int:event_pk>", episodes.episode_handover, name="handover"),
    path("<uuid:pk>/close", episodes.close, name="close"),
    path("<uuid:pk>/reassign", episodes.reassign, name="reassign"),
    path("<uuid:pk>/team", team.team, name="team"),
    path("<uuid:pk>/team/<int:member_pk>/remove", team.team_remove, name="team-remove"),
    path("<uuid:pk>/meeting", team.team_meeting, name="meeting"),
]
