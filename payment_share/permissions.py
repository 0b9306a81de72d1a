"""Who may do what with the payment-share list (docs/domain.md § 5.5).

The office clerk, the coaches and the social counsellor import lists and go through them together in the
monthly review; coaches and the social counsellor decide who contacts each person (naming a responsible
worker goes through ``clients.assign_worker``, so the client rules apply). The working group sees only
the aggregated quarterly trend, never a name.
"""

import rules

from clients.permissions import is_coach, is_office_clerk, is_social_counsellor, is_working_group

is_list_reviewer = is_office_clerk | is_coach | is_social_counsellor

rules.add_perm("payment_share.import_list", is_list_reviewer)
rules.add_perm("payment_share.review", is_list_reviewer)
rules.add_perm("payment_share.assign_contact", is_coach | is_social_counsellor)
rules.add_perm("payment_share.view_trend", is_list_reviewer | is_working_group)
