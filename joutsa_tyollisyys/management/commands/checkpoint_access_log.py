from django.core.management.base import BaseCommand

from joutsa_tyollisyys.access_log import write_checkpoint


class Command(BaseCommand):
    help = (
        "Write the access log's head (last id, its hash, the number of rows), signed with ACCESS_LOG_HMAC_KEY, to "
        "ACCESS_LOG_CHECKPOINT_DIR and the application log. Celery beat runs it daily."
    )

    def handle(self, *args, **options):
        head = write_checkpoint()
        self.stdout.write(self.style.SUCCESS(f"Checkpoint written: {head['count']} rows up to entry {head['id']}."))
