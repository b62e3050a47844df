"""/request-support/: the family's "ask for help once" journey.

A draft is found by the secret token in its link, so a family needs no account and no session
to come back to it.
"""

from django.urls import path

from familyhub.frontdoor.views import finish, people, questions

app_name = "frontdoor"

urlpatterns = [
    path("", finish.start, name="start"),
    path("who", questions.who_new, name="who_new"),
    path("<str:token>/", finish.resume, name="resume"),
    path("<str:token>/who", questions.who, name="who"),
    path("<str:token>/people", people.people, name="people"),
    path("<str:token>/people/add", people.person_kind, name="person_kind"),
    path("<str:token>/people/add/<str:role>", people.person_add, name="person_add"),
    path("<str:token>/people/<int:pk>/change", people.person_change, name="person_change"),
    path("<str:token>/people/<int:pk>/remove", people.person_remove, name="person_remove"),
    path("<str:token>/worries", questions.worries, name="worries"),
    path("<str:token>/help", questions.help_wanted, name="help"),
    path("<str:token>/safety", questions.safety, name="safety"),
    path("<str:token>/urgent", questions.urgent, name="urgent"),
    path("<str:token>/address", questions.address, name="address"),
    path("<str:token>/contact", questions.contact, name="contact"),
    path("<str:token>/language", questions.language, name="language"),
    path("<str:token>/sharing", questions.sharing, name="sharing"),
    path("<str:token>/check", finish.check, name="check"),
    path("<str:token>/save", finish.save, name="save"),
    path("<str:token>/sent", finish.sent, name="sent"),
]
