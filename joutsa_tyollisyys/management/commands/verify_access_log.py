from django.core.management.base import BaseCommand, CommandError

from joutsa_tyollisyys.access_log import verify_chain


class Command(BaseCommand):
    help = "Verify the access log's hash chain. Exits non-zero when a row was altered, removed or inserted."

    def handle(self, *args, **options):
        count, broken = verify_chain()
        if broken is not None:
            raise CommandError(f"Access log chain broken at entry {broken} (checked {count} rows).")
        self.stdout.write(self.style.SUCCESS(f"Access log intact: {count} rows."))
