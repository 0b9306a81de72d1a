"""Lost updates: of two users editing a client at once, the second is refused and told what is saved now.

Each test is the same story: user A opens the form, user B saves a change, A saves theirs (made on the page A
opened before B's change) and is refused, B's change stays. A form that does not say which version or which
worker it was opened with is refused too, never taken as fresh.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from clients import services
from clients.models import Client, ResponsibleWorkerChange
from joutsa_tyollisyys.roles import Role
from tests.concurrency import at_once, needs_row_locks
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def form_data(form, **changes):
    """What the browser sends for ``form`` as it was rendered, with ``changes`` typed in."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, date):
            value = value.isoformat()
        if isinstance(value, bool):
            if not value:
                continue
            value = "on"
        data[name] = "" if value is None else value
    return {**data, **changes}


def errors_of(response):
    form = response.context["form"]
    return {name: " ".join(messages) for name, messages in form.errors.items()}


# --- the client edit -------------------------------------------------------------------------------------


def test_a_stale_client_edit_is_refused_and_shows_what_was_saved_meanwhile(coach, login, make_user):
    client = ClientFactory(responsible_worker=coach, phone="040 111 1111", post_office="Joutsa")
    social = make_user(Role.SOCIAL_COUNSELLOR, username="social")
    page_of_a = login(coach).get(f"/clients/{client.pk}/edit/").context["form"]
    page_of_b = login(social).get(f"/clients/{client.pk}/edit/").context["form"]

    response_b = login(social).post(f"/clients/{client.pk}/edit/", form_data(page_of_b, phone="040 222 2222"))
    assert response_b.status_code == 302
    response_a = login(coach).post(f"/clients/{client.pk}/edit/", form_data(page_of_a, phone="040 333 3333",
                                                                            post_office="Jyväskylä"))

    assert response_a.status_code == 200
    errors = errors_of(response_a)
    assert "Joku muu tallensi" in errors["__all__"] and "Mitään ei korvattu" in errors["__all__"]
    assert "+358 40 2222222" in errors["phone"]  # the value saved meanwhile (as stored), beside the field
    assert "Joutsa" in errors["post_office"]  # A's own change: what the record says now
    assert "first_name" not in errors  # the same in both: nothing to say
    client.refresh_from_db()
    assert (client.phone, client.post_office, client.version) == ("+358 40 2222222", "Joutsa", 2)


def test_a_client_edit_without_its_version_is_refused_not_taken_as_fresh(coach, login):
    client = ClientFactory(responsible_worker=coach, phone="040 111 1111")
    http = login(coach)
    data = form_data(http.get(f"/clients/{client.pk}/edit/").context["form"], phone="040 999 9999")
    for missing in ({k: v for k, v in data.items() if k != "version"}, {**data, "version": ""}):
        response = http.post(f"/clients/{client.pk}/edit/", missing)
        assert response.status_code == 200
        assert "ilman sen version tietoa" in errors_of(response)["__all__"]
    response = http.post(f"/clients/{client.pk}/edit/", {**data, "version": "x"})  # garbage: stale
    assert "Joku muu tallensi" in errors_of(response)["__all__"]
    client.refresh_from_db()
    assert (client.phone, client.version) == ("040 111 1111", 1)
    assert http.post(f"/clients/{client.pk}/edit/", data).status_code == 302  # the page as sent: saved
    client.refresh_from_db()
    assert (client.phone, client.version) == ("+358 40 9999999", 2)


# --- the responsible worker -------------------------------------------------------------------------------


def assign_form(http, client):
    return http.get(f"/clients/{client.pk}/worker/").context["form"]


def test_a_stale_worker_change_is_refused_and_names_the_worker_now_responsible(make_user, login):
    social_a = make_user(Role.SOCIAL_COUNSELLOR, username="sa")
    social_b = make_user(Role.SOCIAL_COUNSELLOR, username="sb")
    first = make_user(Role.COACH, username="first", first_name="Eino", last_name="Ensimmäinen")
    second = make_user(Role.COACH, username="second", first_name="Toini", last_name="Toinen")
    client = ClientFactory(responsible_worker=None)
    http_a, http_b = login(social_a), login(social_b)
    form_a, form_b = assign_form(http_a, client), assign_form(http_b, client)
    assert form_a["seen_worker"].value() == "none"

    sent_b = http_b.post(f"/clients/{client.pk}/worker/", form_data(form_b, worker=first.pk, reason="Työnjako"))
    assert sent_b.status_code == 302
    sent_a = http_a.post(f"/clients/{client.pk}/worker/", form_data(form_a, worker=second.pk, reason="Minun"))

    assert sent_a.status_code == 200
    message = errors_of(sent_a)["worker"]
    assert "Joku muu vaihtoi vastuutyöntekijän" in message and "Eino Ensimmäinen" in message
    client.refresh_from_db()
    assert client.responsible_worker == first
    assert ResponsibleWorkerChange.objects.filter(client=client).count() == 1
    # A has now been told who is responsible: the page A got back may make the change deliberately.
    assert sent_a.context["form"]["seen_worker"].value() == str(first.pk)
    again = http_a.post(f"/clients/{client.pk}/worker/", form_data(sent_a.context["form"]))
    assert again.status_code == 302
    client.refresh_from_db()
    assert client.responsible_worker == second


def test_a_worker_change_without_the_worker_it_was_opened_with_is_refused(make_user, login):
    social = make_user(Role.SOCIAL_COUNSELLOR, username="sa")
    coach = make_user(Role.COACH, username="c")
    client = ClientFactory(responsible_worker=None)
    http = login(social)
    data = form_data(assign_form(http, client), worker=coach.pk, reason="Työnjako")
    for missing in ({k: v for k, v in data.items() if k != "seen_worker"}, {**data, "seen_worker": ""}):
        response = http.post(f"/clients/{client.pk}/worker/", missing)
        assert response.status_code == 200 and "ilman sen version tietoa" in errors_of(response)["__all__"]
    response = http.post(f"/clients/{client.pk}/worker/", {**data, "seen_worker": "abc"})
    assert "Joku muu vaihtoi" in errors_of(response)["worker"]
    client.refresh_from_db()
    assert client.responsible_worker is None and not ResponsibleWorkerChange.objects.exists()


def test_the_service_refuses_a_change_made_meanwhile_and_checks_nothing_for_its_own_callers(make_user):
    social = make_user(Role.SOCIAL_COUNSELLOR, username="sa")
    first, second = make_user(Role.COACH, username="c1"), make_user(Role.COACH, username="c2")
    client = ClientFactory(responsible_worker=first)
    with pytest.raises(services.WorkerChangedError):
        services.client_assign_worker(actor=social, client_id=client.pk, worker=second, reason="x",
                                      expected_worker_id=None)
    services.client_assign_worker(actor=social, client_id=client.pk, worker=second, reason="x",
                                  expected_worker_id=first.pk)
    services.client_assign_worker(actor=social, client_id=client.pk, worker=first, reason="x")
    assert Client.objects.get(pk=client.pk).responsible_worker == first


def test_the_payment_share_review_never_overwrites_a_worker_named_meanwhile(make_user):
    from tests.payment_share.factories import EntryFactory

    social = make_user(Role.SOCIAL_COUNSELLOR, username="sa")
    named, late = make_user(Role.COACH, username="c1"), make_user(Role.COACH, username="c2")
    entry = EntryFactory(client=ClientFactory(responsible_worker=None))
    services.client_assign_worker(actor=social, client_id=entry.client_id, worker=named, reason="Sivulta")
    from payment_share import services as review

    with pytest.raises(ValidationError) as refused:
        review.entry_assign_responsible(actor=social, entry_id=entry.pk, worker=late)
    assert "Joku muu vaihtoi" in " ".join(refused.value.messages)
    assert Client.objects.get(pk=entry.client_id).responsible_worker == named


# --- two users at the very same moment (PostgreSQL) -------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_client_edits_at_once_the_second_waits_for_the_first_and_is_refused(make_user):
    needs_row_locks()
    coach, social = make_user(Role.COACH, username="c"), make_user(Role.SOCIAL_COUNSELLOR, username="s")
    client = ClientFactory(responsible_worker=coach, phone="040 111 1111")
    results = at_once(
        lambda: services.client_update(actor=social, client_id=client.pk, expected_version=1, phone="040 2"),
        lambda: services.client_update(actor=coach, client_id=client.pk, expected_version=1, phone="040 3"),
    )
    assert not isinstance(results["first"], Exception)
    assert isinstance(results["second"], ValidationError) and results["second"].code == "concurrent_edit"
    client.refresh_from_db()
    assert (client.phone, client.version) == ("040 2", 2)


@pytest.mark.django_db(transaction=True)
def test_two_worker_changes_at_once_the_second_waits_for_the_first_and_is_refused(make_user):
    needs_row_locks()
    social = make_user(Role.SOCIAL_COUNSELLOR, username="s")
    first, second = make_user(Role.COACH, username="c1"), make_user(Role.COACH, username="c2")
    client = ClientFactory(responsible_worker=None)

    def assign(worker):
        return lambda: services.client_assign_worker(actor=social, client_id=client.pk, worker=worker, reason="x",
                                                     expected_worker_id=None)

    results = at_once(assign(first), assign(second))
    assert not isinstance(results["first"], Exception)
    assert isinstance(results["second"], services.WorkerChangedError)
    client.refresh_from_db()
    assert client.responsible_worker == first
    assert ResponsibleWorkerChange.objects.filter(client=client).count() == 1
