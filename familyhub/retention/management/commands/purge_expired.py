from django.core.management.base import BaseCommand

from familyhub.retention.services import retention_purge


class Command(BaseCommand):
    help = "Delete records past their retention period now, and print what was removed."

    def handle(self, *args, **options):
        report = retention_purge()
        self.stdout.write(f"Purge at {report.at:%Y-%m-%d %H:%M:%S %Z}")
        for line in report.lines():
            self.stdout.write(line)
