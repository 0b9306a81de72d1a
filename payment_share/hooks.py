"""What the review asks of the other apps: does each person have a plan or a service in force?

A plan: an activation or multi-agency plan (activation). A service: a rehabilitative-work period
(rehab_work). One query to each, whatever the number of persons.
"""

from activation.selectors import clients_with_plan_in_force
from rehab_work.selectors import clients_with_agreement_in_force


def plans_or_services_in_force(client_ids, on) -> dict:
    """{client id: True / False} for a plan or a service in force on the date ``on``."""
    ids = list(client_ids)
    covered = clients_with_plan_in_force(ids, on) | clients_with_agreement_in_force(ids, on)
    return {client_id: client_id in covered for client_id in ids}
