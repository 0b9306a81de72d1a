"""Who may do what with invitation rounds.

A coach or the social counsellor makes a round of the persons they may invite (``clients.invite_client``). A
round is seen and followed up by its maker, the coaches of the maker's team and the social counsellor (who works
with every client). The working group sees the figures in the monthly report only."""

import rules

from clients.permissions import is_coach, is_social_counsellor
from joutsa_tyollisyys.roles import Role, roles_of


@rules.predicate
def shares_round(user, invitation_round):
    if invitation_round is None:
        return False
    if Role.SOCIAL_COUNSELLOR in roles_of(user) or invitation_round.created_by_id == user.pk:
        return True
    return (Role.COACH in roles_of(user) and user.team_id is not None
            and invitation_round.created_by.team_id == user.team_id)


rules.add_perm("outreach.make_round", is_coach | is_social_counsellor)
rules.add_perm("outreach.view_rounds", is_coach | is_social_counsellor)
rules.add_perm("outreach.manage_round", (is_coach | is_social_counsellor) & shares_round)
