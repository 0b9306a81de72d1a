"""Who may do what with activation plans (reuses the clients app's predicates).

- The client's own workers (the responsible coach or a teammate, a youth outreach worker for a young
  client, the social counsellor) see, draft, agree, review and end plans and keep the figures.
- The office clerk does not need plans; the working group never sees a plan; the admin keeps the list of
  service types in admin only.
"""

import rules

from clients.permissions import is_clients_worker, is_coach, is_social_counsellor, is_youth_worker

rules.add_perm("activation.view_plans", is_clients_worker)
rules.add_perm("activation.manage_plans", is_clients_worker)
rules.add_perm("activation.edit_figures", is_clients_worker)
rules.add_perm("activation.use_lists", is_coach | is_youth_worker | is_social_counsellor)
