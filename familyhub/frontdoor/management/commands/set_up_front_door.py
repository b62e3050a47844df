"""manage.py set_up_front_door E09000030: a council's levels of need and triage timers."""

from django.core.management.base import BaseCommand, CommandError

from familyhub.frontdoor.services import front_door_set_up
from familyhub.places.models import LocalAuthority


class Command(BaseCommand):
    help = (
        "Give each council's front door the standard continuum of needs (four levels) and the "
        "default triage timers, unless it has its own. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("codes", nargs="+", help="ONS codes of the councils, e.g. E09000030")

    def handle(self, *args, codes: list[str], **options) -> None:
        councils = {
            council.code: council for council in LocalAuthority.objects.filter(code__in=codes)
        }
        missing = sorted(set(codes) - set(councils))
        if missing:
            raise CommandError(f"No council with the code {', '.join(missing)}: load it first.")
        for code in codes:
            levels = front_door_set_up(local_authority=councils[code])
            if options["verbosity"]:
                self.stdout.write(f"{code}: {levels} levels of need and the triage timers.")
