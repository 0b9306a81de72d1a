"""Who may do what in obligation employment (django-rules; the object is the case's client).

- The office clerk does the work: registers notices, records applications, decisions, contracts,
  closings and payment claims.
- The supervisors' meeting's decision is recorded by the clerk or the social counsellor, who also
  see every case.
- Coaches (and youth outreach workers) see the cases of their own clients, read only.
- The working group sees nothing here; the admin manages the rate table and the on/off switch in
  Django admin, not the cases.
"""

import rules

from clients.permissions import is_clients_coach, is_office_clerk, is_social_counsellor

rules.add_perm("obligation_employment.list_cases", is_office_clerk | is_social_counsellor)
rules.add_perm("obligation_employment.view_case", is_office_clerk | is_social_counsellor | is_clients_coach)
rules.add_perm("obligation_employment.record_meeting_decision", is_office_clerk | is_social_counsellor)
rules.add_perm("obligation_employment.manage_case", is_office_clerk)
rules.add_perm("obligation_employment.manage_claims", is_office_clerk)
