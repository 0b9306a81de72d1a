"""Who may see and handle health data (special category): only the client's own workers — the client's
coach or team and the social counsellor. Never the office clerk, the administrator or the working group."""

import rules

from clients.permissions import is_clients_worker, is_coach, is_social_counsellor, is_youth_worker

#: Workers who deal with clients' health and social-services cooperation at all (list pages).
is_health_worker = is_coach | is_youth_worker | is_social_counsellor

rules.add_perm("health_cooperation.use_health_pages", is_health_worker)
rules.add_perm("health_cooperation.manage_sote_schedule", is_coach | is_social_counsellor)
# Object permissions: the object is the client.
rules.add_perm("health_cooperation.view_client_health", is_clients_worker)
rules.add_perm("health_cooperation.change_client_health", is_clients_worker)
