"""The permission matrix: every URL × every role + anonymous (docs/design.md quality bar).

Each app lists its URLs in ``tests/<app>/matrix.py`` as ``CASES`` (and may add objects to the shared
world with ``extend_world(world)``). ``tests/test_permission_matrix.py`` runs every case for every
role and fails when a named URL of ours has no case.
"""

from dataclasses import dataclass, field

from clients.models import Client
from joutsa_tyollisyys.roles import Role

ANONYMOUS = "anonymous"
OTHER_COACH = "other_coach"  # a coach of another team, not responsible for the world's client
ROLES = [ANONYMOUS, str(Role.COACH), OTHER_COACH, str(Role.YOUTH_WORKER), str(Role.SOCIAL_COUNSELLOR),
         str(Role.OFFICE_CLERK), str(Role.WORKING_GROUP), str(Role.ADMIN), str(Role.DATA_PROTECTION_OFFICER),
         str(Role.SUBSTITUTE_DECISION_MAKER)]
EVERYONE = frozenset(ROLES) - {ANONYMOUS}
STAFF_WITH_CLIENTS = frozenset({str(Role.COACH), OTHER_COACH, str(Role.YOUTH_WORKER), str(Role.SOCIAL_COUNSELLOR),
                                str(Role.OFFICE_CLERK), str(Role.ADMIN)})


@dataclass(frozen=True)
class Case:
    url_name: str
    allowed: frozenset
    kwargs: object = None  # callable(world) -> dict, or None
    method: str = "get"
    data: object = None  # callable(world) -> dict for POST
    ok: tuple = (200,)  # statuses that mean "allowed" (a POST usually redirects: 302)
    public: bool = False  # no login needed (e.g. a token URL): anonymous is then judged by ``allowed``
    query: str = ""
    id: str = field(default="")

    @property
    def key(self):
        return self.id or f"{self.url_name}:{self.method}"


@dataclass
class World:
    users: dict
    objects: dict


def persons_shown(response):
    """The clients whose full name an HTML page shows (``None``: not an HTML page)."""
    if "text/html" not in response.get("Content-Type", "") or response.status_code != 200:
        return None
    text = response.content.decode()
    return {pk for pk, first, last in Client.objects.values_list("pk", "first_name", "last_name")
            if f"{last} {first}" in text or f"{first} {last}" in text}
