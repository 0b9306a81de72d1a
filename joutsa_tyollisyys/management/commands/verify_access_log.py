from django.core.management.base import BaseCommand, CommandError

from joutsa_tyollisyys.access_log import verify


class Command(BaseCommand):
    help = (
        "Verify the access log's keyed hash chain and compare it with the latest signed checkpoint. Exits non-zero "
        "when a row was altered, removed or inserted, or the newest rows were cut off after a checkpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint", metavar="JSON",
            help="compare with this checkpoint (a line copied from the application log: 'access log checkpoint {...}') "
                 "instead of the latest one in ACCESS_LOG_CHECKPOINT_DIR")

    def handle(self, *args, **options):
        line = options.get("checkpoint")
        result = verify(line.split("checkpoint ", 1)[-1] if line else None)
        if result.problem:
            raise CommandError(result.problem)
        if result.checkpoint is None:
            self.stdout.write(self.style.WARNING(
                "No checkpoint yet (manage.py checkpoint_access_log): removal of the newest rows cannot be detected."))
        else:
            self.stdout.write(f"Checkpoint of {result.checkpoint['at']}: {result.checkpoint['count']} rows up to "
                              f"entry {result.checkpoint['id']}, found.")
        self.stdout.write(self.style.SUCCESS(f"Access log intact: {result.count} rows."))
