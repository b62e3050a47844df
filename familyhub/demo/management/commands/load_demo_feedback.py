"""manage.py load_demo_feedback: the demo year's family feedback (after history and activities)."""

from django.core.management.base import BaseCommand, CommandError

from familyhub.demo.borough import LA_CODE
from familyhub.demo.feedback import load_demo_feedback
from familyhub.demo.switch import require_demo_switch
from familyhub.places.models import LocalAuthority


class Command(BaseCommand):
    help = (
        "Invite the demo's families to the feedback survey after each closed episode and "
        "attended session, and answer for about 40% (after load_demo_history and "
        "load_demo_activities)."
    )

    def handle(self, *args, **options) -> None:
        require_demo_switch()
        council = LocalAuthority.objects.filter(code=LA_CODE).first()
        if council is None:
            raise CommandError("Load the demo borough first: manage.py load_demo_borough")
        loaded = load_demo_feedback(council)
        if options["verbosity"]:
            self.stdout.write(
                f"Family feedback: {loaded.invited} invitations, {loaded.answered} answers."
            )
