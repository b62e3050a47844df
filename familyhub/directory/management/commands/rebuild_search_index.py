from django.core.management.base import BaseCommand

from familyhub.directory.search_index import search_entries_refresh


class Command(BaseCommand):
    help = "Rebuild the public search index from the directory (after a bulk change or restore)."

    def handle(self, *args, **options):
        written = search_entries_refresh()
        self.stdout.write(f"Search index rebuilt: {written} entries.")
