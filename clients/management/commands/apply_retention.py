from django.core.management.base import BaseCommand
from django.db.models import ProtectedError

from clients import gdpr


class Command(BaseCommand):
    help = (
        "Archive clients with no activity for --archive-after years and erase archived clients with no "
        "activity for --erase-after years (with their change history). Set the periods from the "
        "municipality's records-management plan. Run with --dry-run first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--archive-after", type=int, default=2, help="years without activity (default 2)")
        parser.add_argument("--erase-after", type=int, default=12, help="years without activity (default 12)")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, archive_after, erase_after, dry_run, **options):
        if erase_after <= archive_after:
            self.stderr.write("--erase-after must be longer than --archive-after.")
            raise SystemExit(2)
        to_archive = gdpr.clients_to_archive(archive_after)
        to_erase = list(gdpr.clients_to_erase(erase_after))
        if dry_run:
            self.stdout.write(f"Would archive {to_archive.count()} and erase {len(to_erase)} clients.")
            return
        archived = gdpr.archive(to_archive)
        erased, kept = 0, 0
        for client in to_erase:
            try:
                gdpr.erase(client)
                erased += 1
            except ProtectedError:
                kept += 1  # a record another register must keep (e.g. a paid claim) still refers to it
        self.stdout.write(self.style.SUCCESS(f"Archived {archived}, erased {erased} clients; kept {kept}."))
