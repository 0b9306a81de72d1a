"""Demo data for a fictional municipality (idempotent). ``--clients N`` builds a large set for benchmarks."""

import importlib
import random

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from joutsa_tyollisyys.demo import DEMO_PASSWORD, DEMO_USERS, DemoContext, ensure_demo_users


class Command(BaseCommand):
    help = "Load demo users (one per role) and a fictional municipality's clients and cases."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=300, help="how many clients (default 300)")
        parser.add_argument("--seed", type=int, default=2020)

    def handle(self, *args, clients, seed, **options):
        from clients.models import Client

        with transaction.atomic():
            users = ensure_demo_users()
        if Client.objects.exists():
            self.stdout.write("Demo data already loaded: users checked, nothing else changed.")
        else:
            ctx = DemoContext(rng=random.Random(seed), today=timezone.localdate(), users=users)
            ctx.requested_clients = clients
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                if hasattr(module, "seed"):
                    started = timezone.now()
                    with transaction.atomic():
                        module.seed(ctx)
                    seconds = (timezone.now() - started).total_seconds()
                    self.stdout.write(f"  {config.label}: demo data in {seconds:.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Demo users (password for all: {DEMO_PASSWORD}):"))
        for username, first, last, title, role, _team in DEMO_USERS:
            self.stdout.write(f"  {username:16} {role.label!s:32} {first} {last}, {title}")
