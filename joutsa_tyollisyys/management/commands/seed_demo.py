"""Demo data for a fictional municipality (idempotent). ``--scale large`` builds the benchmark data set."""

import dataclasses
import importlib
import random
import time

from django.apps import apps
from django.core import mail
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from joutsa_tyollisyys.demo import DEMO_PASSWORD, DEMO_USERS, SCALES, DemoContext, ensure_demo_users


def analyze_changed_tables():
    """ANALYZE the tables written since their statistics were last gathered (a whole-database ANALYZE after
    each app was 5 s each time, mostly re-reading the big tables of the apps before)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")  # this session's counts, visible from the next statement
        cursor.execute("SELECT schemaname, relname FROM pg_stat_user_tables WHERE n_mod_since_analyze > 0")
        tables = [f"{connection.ops.quote_name(schema)}.{connection.ops.quote_name(name)}"
                  for schema, name in cursor.fetchall()]
        if tables:
            cursor.execute(f"ANALYZE {', '.join(tables)}")


class Command(BaseCommand):
    help = "Load demo users (one per role) and a fictional municipality's clients and cases."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo",
                            help="demo: a small municipality (default); large: 100,000 clients, 1,000,000 "
                                 "meetings, 20,000 rehabilitative-work agreements, 24 lists of 30,000 rows")
        parser.add_argument("--clients", type=int, default=None, help="how many clients (overrides the scale)")
        parser.add_argument("--seed", type=int, default=2020)

    def handle(self, *args, scale, clients, seed, **options):
        from clients.models import Client

        with transaction.atomic():
            users = ensure_demo_users()
        if Client.objects.exists():
            self.stdout.write("Demo data already loaded: users checked, nothing else changed.")
        else:
            chosen = SCALES[scale]
            if clients is not None:
                chosen = dataclasses.replace(chosen, clients=clients)
            ctx = DemoContext(rng=random.Random(seed), today=timezone.localdate(), users=users, scale=chosen,
                              workers=2 if chosen.city and connection.vendor == "postgresql" else 1)
            started_all = time.perf_counter()
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                previous, mail.outbox = getattr(mail, "outbox", None), []
                self.seed_apps(ctx, chosen)
                sent = mail.outbox
                if previous is None:
                    del mail.outbox
                else:
                    mail.outbox = previous
            self.stdout.write(f"  all data in {time.perf_counter() - started_all:.1f} s")
            # The demo's events send notification e-mails; say what they are instead of printing them
            # (the console backend) in the middle of the progress lines.
            if sent:
                self.stdout.write(f"  notification e-mails the demo events sent (not delivered): {len(sent)}")
                for message in sent:
                    self.stdout.write(f"    to {', '.join(message.to)}: {message.subject}")
        self.stdout.write(self.style.SUCCESS(f"Demo users (password for all: {DEMO_PASSWORD}):"))
        for username, first, last, title, role, _team in DEMO_USERS:
            self.stdout.write(f"  {username:16} {role.label!s:32} {first} {last}, {title}")

    def seed_apps(self, ctx, chosen):
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            if hasattr(module, "seed"):
                started = time.perf_counter()
                with transaction.atomic():
                    module.seed(ctx)
                if chosen.city and connection.vendor == "postgresql":
                    analyze_changed_tables()  # fresh statistics: the next app's reads plan well
                self.stdout.write(f"  {config.label}: demo data in {time.perf_counter() - started:.1f} s")
