"""The substitute decision-maker: when every social counsellor drafted or edited an agreement (e.g. the only one
drafted it), the user the administrator designated as the substitute decides it. Four eyes stays: nobody decides
on their own draft; the substitute sees and decides only those agreements; the decision says it was theirs."""

import pytest
from django.core.exceptions import PermissionDenied

from joutsa_tyollisyys.roles import Role
from rehab_work import selectors, services
from rehab_work.models import RehabDecision
from tests.factories import ClientFactory
from tests.rehab_work.test_agreements import approve, draft, submitted, terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_counsellor(make_user):
    return make_user(Role.SOCIAL_COUNSELLOR, username="ainoa", first_name="Aino", last_name="Ainoa")


@pytest.fixture
def substitute(make_user):
    return make_user(Role.SUBSTITUTE_DECISION_MAKER, username="sijainen", first_name="Sirkka", last_name="Sijainen")


def test_the_only_counsellors_own_draft_goes_to_the_substitute(only_counsellor, substitute, login):
    agreement = submitted(only_counsellor, ClientFactory(responsible_worker=only_counsellor))
    with pytest.raises(PermissionDenied):  # four eyes: never their own
        approve(only_counsellor, agreement)
    assert not selectors.counsellor_may_decide(agreement)

    queue = login(substitute).get("/rehab/decisions/")
    assert queue.status_code == 200 and list(queue.context["agreements"]) == [agreement]
    html = queue.content.decode()
    assert "Sinun päätettäväsi sijaisena" in html and "eikä kukaan päätä omasta luonnoksestaan" in html
    own = login(only_counsellor).get("/rehab/decisions/").content.decode()
    assert "joten päätöksen tekee sijainen" in own

    decision = approve(substitute, agreement)
    assert decision.decided_by == substitute and decision.as_substitute
    assert decision.history.get().as_substitute  # in the audit trail too
    detail = login(only_counsellor).get(f"/rehab/agreements/{agreement.pk}/").content.decode()
    assert "sijainen päätöksentekijänä" in detail


def test_the_substitute_may_not_decide_while_another_counsellor_may(only_counsellor, substitute, make_user, login):
    other = make_user(Role.SOCIAL_COUNSELLOR, username="toinen")
    agreement = submitted(only_counsellor, ClientFactory(responsible_worker=only_counsellor))
    assert selectors.counsellor_may_decide(agreement)
    with pytest.raises(PermissionDenied):
        approve(substitute, agreement)
    queue = login(substitute).get("/rehab/decisions/")
    assert list(queue.context["agreements"]) == []
    assert login(substitute).get(f"/rehab/agreements/{agreement.pk}/decision/").status_code == 403
    decision = approve(other, agreement)
    assert not decision.as_substitute
    own = login(only_counsellor).get("/rehab/decisions/").content.decode()
    assert "joten päätöksen tekee sijainen" not in own


def test_an_inactive_counsellor_does_not_count(only_counsellor, substitute, make_user):
    make_user(Role.SOCIAL_COUNSELLOR, username="lomalla", is_active=False)
    agreement = submitted(only_counsellor, ClientFactory(responsible_worker=only_counsellor))
    assert approve(substitute, agreement).as_substitute


def test_a_counsellor_who_edited_a_coachs_draft_counts_as_a_writer(coach, only_counsellor, substitute):
    client = ClientFactory(responsible_worker=coach)
    agreement = draft(coach, client)
    assert selectors.counsellor_may_decide(agreement)
    services.agreement_update(actor=only_counsellor, agreement_id=agreement.pk, expected_version=agreement.version,
                              **terms(placement=agreement.placement, goals="Muokattu"))
    agreement.refresh_from_db()
    services.agreement_submit(actor=coach, agreement_id=agreement.pk, expected_version=agreement.version)
    assert not selectors.counsellor_may_decide(agreement)
    assert approve(substitute, agreement).as_substitute


def test_the_substitute_never_decides_their_own_draft(only_counsellor, make_user):
    # A substitute who is also a coach drafts: the only counsellor decides it, not they.
    both = make_user(Role.SUBSTITUTE_DECISION_MAKER, username="kaksi")
    both.groups.add(*type(both.groups.first()).objects.filter(name=Role.COACH))
    both = type(both).objects.get(pk=both.pk)
    agreement = submitted(both, ClientFactory(responsible_worker=both))
    with pytest.raises(PermissionDenied):
        approve(both, agreement)
    assert list(selectors.decision_queue(both)) == []
    assert not approve(only_counsellor, agreement).as_substitute


def test_no_role_no_queue(coach, login, make_user):
    for user in (coach, make_user(Role.OFFICE_CLERK, username="t"), make_user(Role.ADMIN, username="p")):
        assert login(user).get("/rehab/decisions/").status_code == 403


def test_the_substitute_sees_the_queue_in_the_navigation_and_on_the_front_page(only_counsellor, substitute, login):
    agreement = submitted(only_counsellor, ClientFactory(responsible_worker=only_counsellor))
    front = login(substitute).get("/").content.decode()
    assert "/rehab/decisions/" in front and agreement.client.full_name in front
    assert RehabDecision.objects.count() == 0
