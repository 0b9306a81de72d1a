"""Demo data plumbing: users for every role; each app adds its own data in ``<app>/demo.py``."""

import random
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .models import Team
from .roles import Role

DEMO_PASSWORD = "Joutsa-demo-2026"

#: username, first name, last name, title, role, team
DEMO_USERS = [
    ("valmentaja", "Sanna", "Virtanen", "Vastaava työ- ja yksilövalmentaja", Role.COACH, "TyöVarikko"),
    ("valmentaja2", "Mikko", "Laine", "Yksilövalmentaja", Role.COACH, "TyöVarikko"),
    ("valmentaja3", "Aino", "Heikkinen", "Yksilövalmentaja", Role.COACH, "Nuorten työpaja"),
    ("etsiva", "Jere", "Koskinen", "Etsivä nuorisotyöntekijä", Role.YOUTH_WORKER, "Nuorten työpaja"),
    ("sosiaaliohjaaja", "Riikka", "Mäkinen", "Sosiaaliohjaaja", Role.SOCIAL_COUNSELLOR, None),
    ("toimisto", "Pirjo", "Nieminen", "Toimistovirkailija", Role.OFFICE_CLERK, None),
    ("tyoryhma", "Kari", "Hämäläinen", "Työllisyydenhoidon työryhmän jäsen", Role.WORKING_GROUP, None),
    ("paakayttaja", "Tuomas", "Salonen", "Pääkäyttäjä", Role.ADMIN, None),
    ("tietosuoja", "Leena", "Aaltonen", "Tietosuojavastaava", Role.DATA_PROTECTION_OFFICER, None),
    ("sijainen", "Sirkka", "Sijainen", "Johtava sosiaalityöntekijä", Role.SUBSTITUTE_DECISION_MAKER, None),
]


@dataclass(frozen=True)
class Scale:
    """How much data ``seed_demo --scale`` builds. ``demo`` is the realistic small municipality of the demo;
    ``large`` is an employment area the size of a big city's (issue 8 benchmarks)."""

    clients: int
    meetings: int | None = None  # total; None: the demo's own pace (0–10 per client)
    rehab_agreements: int | None = None  # None: one in eight of the demo coaches' clients
    list_rows: int | None = None  # payment-share persons per monthly list; None: a fifth of the clients
    months: int = 24  # payment-share lists
    reports: int = 13  # monthly reports (the trend of the report page)
    city: bool = False  # a city's mix: most rehabilitative-work periods over; the benchmark's fixtures


SCALES = {
    "demo": Scale(clients=300),
    "large": Scale(clients=100_000, meetings=1_000_000, rehab_agreements=20_000, list_rows=30_000, reports=24,
                   city=True),
    # A tenth of "large" (issue 24): the benchmark's machinery checked on a busy machine in minutes.
    "medium": Scale(clients=10_000, meetings=100_000, rehab_agreements=2_000, list_rows=3_000, reports=24,
                    city=True),
}


@dataclass
class DemoContext:
    rng: random.Random
    today: date
    users: dict = field(default_factory=dict)
    clients: list = field(default_factory=list)
    scale: Scale = SCALES["demo"]
    coaches: list = field(default_factory=list)  # generated coaches of a large data set (beyond the demo users)
    # Builders may run independent work in this many threads of their own, each in its own transaction after
    # the builder's transaction commits (seed_demo: 2 for a city on PostgreSQL; 1 in tests, inside their
    # transaction).
    workers: int = 1


def ensure_demo_users() -> dict:
    User = get_user_model()
    users = {}
    for username, first, last, title, role, team_name in DEMO_USERS:
        team = Team.objects.get_or_create(name=team_name)[0] if team_name else None
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "title": title, "team": team,
                      "email": f"{username}@joutsa.example", "phone": "040 000 0000",
                      "is_staff": role == Role.ADMIN},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        users[username] = user
    return users
