"""Who may do what in the workshop services (django-rules), built on the predicates of clients.permissions.

- A client's own workers (coach, youth worker for clients under 29, social counsellor) record service
  periods, coaching, youth-workshop periods and competence certificates, and print them.
- Coaches, youth workers and social counsellors run groups. A group's participants (personal data) are
  seen only by its leader and the social counsellor; the group list shows no names.
- Placements and capacity are aggregates: every staff role and the working group see them.
- The unified forms' blanks contain nothing personal: every signed-in role may download them.
- The working group sees nothing personal.
"""

import rules

from clients.permissions import (
    is_client_staff,
    is_clients_coach,
    is_clients_worker,
    is_coach,
    is_social_counsellor,
    is_working_group,
    is_youth_worker,
)

is_case_worker = is_coach | is_youth_worker | is_social_counsellor


@rules.predicate
def is_period_worker(user, period):
    return period is not None and is_clients_worker.test(user, period.client)


@rules.predicate
def is_certificate_worker(user, certificate):
    return certificate is not None and is_clients_worker.test(user, certificate.client)


@rules.predicate
def leads_group(user, group):
    return group is not None and group.leader_id == user.pk


rules.add_perm("workshop.view_workshop", is_case_worker)
rules.add_perm("workshop.add_group", is_case_worker)
rules.add_perm("workshop.view_group", leads_group | is_social_counsellor)
rules.add_perm("workshop.change_group", leads_group | is_social_counsellor)
#: object: the client being added to a group (the youth worker only for clients under 29).
rules.add_perm("workshop.enrol_client", is_clients_worker)
rules.add_perm("workshop.record_service", is_clients_worker)  # object: the client
rules.add_perm("workshop.view_period", is_period_worker)
rules.add_perm("workshop.change_period", is_period_worker)
rules.add_perm("workshop.issue_certificate", is_clients_coach | is_social_counsellor)  # object: the client
rules.add_perm("workshop.view_certificate", is_certificate_worker)
rules.add_perm("workshop.view_places", is_client_staff | is_working_group)
rules.add_perm("workshop.use_library", is_client_staff | is_working_group)
