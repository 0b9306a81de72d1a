"""Every URL × every role + anonymous: the expected status for each cell (see tests/matrix.py)."""

import importlib
import pkgutil
from datetime import date, timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

import tests
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory, MeetingFactory, TeamFactory, UserFactory
from tests.matrix import ANONYMOUS, OTHER_COACH, ROLES, World, persons_shown

OUR_NAMESPACES = {"core", "clients", "activation", "rehab_work", "obligation_employment", "payment_share",
                  "health_cooperation", "workshop", "reporting", "messaging", "outreach"}


def _matrix_modules():
    for info in pkgutil.iter_modules(tests.__path__):
        if info.ispkg:
            try:
                yield importlib.import_module(f"tests.{info.name}.matrix")
            except ModuleNotFoundError as error:
                if error.name != f"tests.{info.name}.matrix":
                    raise


MODULES = list(_matrix_modules())
CASES = [case for module in MODULES for case in module.CASES]


def build_world():
    team_a, team_b = TeamFactory(name="A"), TeamFactory(name="B")
    users = {
        str(Role.COACH): UserFactory(username="m_coach", role=Role.COACH, team=team_a),
        OTHER_COACH: UserFactory(username="m_other", role=Role.COACH, team=team_b),
        str(Role.YOUTH_WORKER): UserFactory(username="m_youth", role=Role.YOUTH_WORKER, team=team_b),
        str(Role.SOCIAL_COUNSELLOR): UserFactory(username="m_social", role=Role.SOCIAL_COUNSELLOR),
        str(Role.OFFICE_CLERK): UserFactory(username="m_clerk", role=Role.OFFICE_CLERK),
        str(Role.WORKING_GROUP): UserFactory(username="m_wg", role=Role.WORKING_GROUP),
        str(Role.ADMIN): UserFactory(username="m_admin", role=Role.ADMIN, is_staff=True),
        str(Role.DATA_PROTECTION_OFFICER): UserFactory(username="m_dpo", role=Role.DATA_PROTECTION_OFFICER),
        str(Role.SUBSTITUTE_DECISION_MAKER): UserFactory(username="m_substitute", role=Role.SUBSTITUTE_DECISION_MAKER),
    }
    for number, user in enumerate(users.values()):  # names no client can have: a page naming its own user is
        user.first_name, user.last_name = "Matriisin", f"Käyttäjä{number}"  # not taken for a client's data
        user.save(update_fields=["first_name", "last_name"])
    coach = users[str(Role.COACH)]
    client = ClientFactory(responsible_worker=coach, born=date(1980, 5, 5))
    meeting = MeetingFactory(client=client, status="planned", starts_at=timezone.now() - timedelta(hours=2))
    from clients.models import Consent, Invitation

    consent = Consent.objects.create(client=client, purpose="health_services", given_on=date(2025, 1, 1))
    invitation = Invitation.objects.create(client=client, method="letter", created_by=coach, place="TyöVarikko",
                                           starts_at=timezone.now() + timedelta(days=3))
    world = World(users=users, objects={"client": client, "meeting": meeting, "consent": consent,
                                        "invitation": invitation})
    for module in MODULES:
        if hasattr(module, "extend_world"):
            module.extend_world(world)
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.key)
def test_cell(case, role, client):
    world = build_world()
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    kwargs = case.kwargs(world) if callable(case.kwargs) else (case.kwargs or {})
    url = reverse(case.url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    data = case.data(world) if callable(case.data) else (case.data or {})
    logged_before = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = getattr(client, case.method)(url, data)
    if role == ANONYMOUS and not case.public:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], response.status_code
    elif role in case.allowed:
        assert response.status_code in case.ok, f"{role} should reach {url}: got {response.status_code}"
        _assert_logged_per_person(response, logged_before, url, role)
    else:
        assert response.status_code in (403, 404), f"{role} must not reach {url}: got {response.status_code}"


def _assert_logged_per_person(response, logged_before, url, role):
    """Every person a page shows has an access-log row of this request (issue 23: per person, with the
    client's id), and no row of a read is without a client."""
    rows = list(AccessLogEntry.objects.filter(id__gt=logged_before).values_list("client_id", flat=True))
    shown = persons_shown(response)
    if shown is not None:
        missing = shown - set(rows)
        assert not missing, f"{url} as {role} shows clients {sorted(missing)} without an access-log row: {rows}"
    assert None not in rows, f"{url} as {role} logged a row without a client: {rows}"


def _named_urls(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            yield from _named_urls(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in OUR_NAMESPACES:
            yield f"{namespace}:{pattern.name}"


def test_every_url_of_ours_is_in_the_matrix():
    covered = {case.url_name for case in CASES}
    missing = sorted(set(_named_urls()) - covered)
    assert not missing, f"URLs without a permission-matrix case: {missing}"
