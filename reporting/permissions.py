"""Who may do what with the monthly reports (docs/domain.md § 2, § 7).

The coach in charge (any coach) enters the month's figures, generates and finalises the report. The
working group reads final reports as aggregates only (small numbers masked). Coaches, the social
counsellor and the office clerk may open the list of clients behind a figure (only the clients they may
see anyway); the admin reads the reports like the working group.
"""

import rules

from clients.permissions import is_admin, is_coach, is_office_clerk, is_social_counsellor, is_working_group

is_people_reader = is_coach | is_social_counsellor | is_office_clerk

rules.add_perm("reporting.view_reports", is_people_reader | is_working_group | is_admin)
rules.add_perm("reporting.view_drafts", is_people_reader | is_admin)
rules.add_perm("reporting.view_people", is_people_reader)
rules.add_perm("reporting.manage_reports", is_coach)
