"""Who may do what with a client: the one place for these rules (django-rules predicates).

- Coaches (and youth outreach workers, for clients under 29) act for the clients they are responsible
  for, those of their team, and unassigned clients (so a new person on the list can be picked up).
- The social counsellor works with every client. The office clerk sees basic data (needed for claims
  and obligation employment) but never meeting notes or health notes. The admin sees basic data.
- The working group never sees a client's personal data.
"""

import rules
from django.db.models import Q
from django.utils import timezone

from joutsa_tyollisyys.roles import YOUTH_AGE_LIMIT, Role, roles_of


def _has(*wanted):
    names = {str(r) for r in wanted}

    @rules.predicate(name=f"has_role:{'|'.join(sorted(names))}")
    def predicate(user):
        return bool(roles_of(user) & names)

    return predicate


is_coach = _has(Role.COACH)
is_youth_worker = _has(Role.YOUTH_WORKER)
is_social_counsellor = _has(Role.SOCIAL_COUNSELLOR)
is_office_clerk = _has(Role.OFFICE_CLERK)
is_working_group = _has(Role.WORKING_GROUP)
is_admin = _has(Role.ADMIN)
is_data_protection_officer = _has(Role.DATA_PROTECTION_OFFICER)
is_client_staff = _has(Role.COACH, Role.YOUTH_WORKER, Role.SOCIAL_COUNSELLOR, Role.OFFICE_CLERK, Role.ADMIN)


def _youth_birth_limit():
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - YOUTH_AGE_LIMIT)
    except ValueError:  # 29 February
        return today.replace(year=today.year - YOUTH_AGE_LIMIT, day=28)


def _shares_responsibility(user, client) -> bool:
    worker_id = client.responsible_worker_id
    if worker_id is None or worker_id == user.pk:
        return True
    return user.team_id is not None and client.responsible_worker.team_id == user.team_id


@rules.predicate
def is_clients_coach(user, client):
    if client is None:
        return False
    if Role.COACH in roles_of(user):
        return _shares_responsibility(user, client)
    if Role.YOUTH_WORKER in roles_of(user):
        return client.birth_date > _youth_birth_limit() and _shares_responsibility(user, client)
    return False


#: The client's own workers: may read confidential notes and act on the case.
is_clients_worker = is_clients_coach | is_social_counsellor


def client_scope(user) -> Q | None:
    """The clients a user may see, as a filter (``None``: none at all). Mirrors the predicates."""
    roles = roles_of(user)
    if roles & {Role.SOCIAL_COUNSELLOR, Role.OFFICE_CLERK, Role.ADMIN}:
        return Q()
    if not roles & {Role.COACH, Role.YOUTH_WORKER}:
        return None
    shared = Q(responsible_worker__isnull=True) | Q(responsible_worker=user)
    if user.team_id is not None:
        shared |= Q(responsible_worker__team_id=user.team_id)
    if Role.COACH in roles:
        return shared
    return shared & Q(birth_date__gt=_youth_birth_limit())


rules.add_perm("clients.list_clients", is_client_staff)
rules.add_perm("clients.add_client", is_coach | is_youth_worker | is_social_counsellor | is_office_clerk)
rules.add_perm("clients.view_client", is_clients_worker | is_office_clerk | is_admin)
rules.add_perm("clients.change_client", is_clients_worker)
rules.add_perm("clients.assign_worker", is_clients_worker)
rules.add_perm("clients.view_confidential", is_clients_worker)
rules.add_perm("clients.log_meeting", is_clients_worker)
rules.add_perm("clients.invite_client", is_clients_worker)
rules.add_perm("clients.view_history", is_clients_worker | is_admin)
rules.add_perm("clients.have_meetings", is_coach | is_youth_worker | is_social_counsellor)
rules.add_perm("core.view_access_log", is_admin)
#: A data export (ZIP) holds exactly what the exporter's pages show (each part checks its page's permission):
#: the client's own workers may make one. The data subject's own copy (GDPR art. 15: every part, the full
#: national id, the client's access-log rows) is made by the data-protection officer only, and logged.
#: The administrator exports nothing: their client page shows basic data only.
rules.add_perm("clients.export_data", is_clients_worker | is_data_protection_officer)
rules.add_perm("clients.export_full", is_data_protection_officer)


#: The documents that carry a client's full national id whoever prints them, because the law requires the
#: person to be identified on them: the state compensation claim for rehabilitative work (KEHA centre), the
#: wage-subsidy payment claim and the employment contract of obligation employment. The office clerk sees a
#: full national id on these documents only (never on a page); each such document is logged per person.
LEGAL_NATIONAL_ID_DOCUMENTS = frozenset({"keha_claim", "wage_subsidy_claim", "employment_contract"})


def document_national_id(user, client, document: str) -> str:
    """The national id as ``document`` printed by ``user`` shows it: in full on the documents the law needs it on
    (``LEGAL_NATIONAL_ID_DOCUMENTS``) and on the client's own workers' documents (agreement, decision, plan,
    attendance statement: given to the client and to Kela); masked otherwise (the clerk's attendance statement)."""
    if document in LEGAL_NATIONAL_ID_DOCUMENTS or is_clients_worker.test(user, client):
        return client.national_id
    return client.masked_national_id
rules.add_perm("clients.make_log_extract", is_data_protection_officer)  # the log only, no case content
rules.add_perm("clients.verify_access_log", is_data_protection_officer)  # the whole log's chain, no content
