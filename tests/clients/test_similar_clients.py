"""Issue 19, item 8: a near-duplicate client is created only after a warning; implausible ages are refused."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from clients import national_id as nid
from clients import services
from clients.models import Client
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory, TeamFactory

TODAY = date(2026, 12, 5)
NEW = {"language": "fi", "main_income": "other"}


@pytest.mark.parametrize(("born", "refused"), [
    (date(1916, 12, 5), False),  # 110 today
    (date(1915, 12, 6), False),  # 110, turns 111 tomorrow
    (date(1915, 12, 5), True),  # 111 today: over 110
    (date(1916, 12, 6), False),  # 109
    (TODAY, False),
    (date(2026, 12, 6), True),  # tomorrow
])
def test_ages_over_110_and_birth_dates_in_the_future_are_refused(born, refused):
    if refused:
        with pytest.raises(ValidationError):
            nid.check_plausible_age(born, TODAY)
    else:
        nid.check_plausible_age(born, TODAY)


def test_the_age_checks_messages_say_what_to_do_in_finnish():
    with pytest.raises(ValidationError) as too_old:
        nid.check_plausible_age(date(1900, 1, 1), TODAY)
    with pytest.raises(ValidationError) as future:
        nid.check_plausible_age(date(2027, 1, 1), TODAY)
    assert too_old.value.messages == ["Henkilötunnuksen mukainen ikä on yli 110 vuotta: tarkista tunnus."]
    assert future.value.messages == ["Henkilötunnuksen mukainen syntymäaika on tulevaisuudessa: tarkista tunnus."]


def test_one_character_variants_are_valid_codes_one_typo_away():
    variants = nid.one_character_variants("131052-308T")
    assert "131052-309U" in variants  # individual number 308 -> 309
    assert "131052-908T" not in variants and "131052-308T" not in variants
    assert all(nid.is_valid(code) for code in variants)
    assert all(sum(a != b for a, b in zip(code[:10], "131052-308T"[:10], strict=True)) == 1 for code in variants)
    assert "131052Y308T" in variants  # the other 1900s century sign: the same digits


pytestmark = pytest.mark.django_db


@time_machine.travel(TODAY)
def test_service_refuses_a_near_duplicate_until_confirmed(coach):
    ClientFactory(national_id="131052-308T", first_name="Maija", last_name="Meikäläinen", responsible_worker=coach)
    with pytest.raises(services.PossibleDuplicateError) as error:
        services.client_create(actor=coach, national_id="131052-309U", first_name="Matti", last_name="Virtanen")
    assert [c.last_name for c in error.value.candidates] == ["Meikäläinen"]
    created = services.client_create(actor=coach, national_id="131052-309U", first_name="Matti",
                                     last_name="Virtanen", similar_confirmed=True)
    assert created.pk and Client.objects.count() == 2


@time_machine.travel(TODAY)
def test_same_name_and_birth_date_is_a_possible_match(coach):
    ClientFactory(national_id=nid.build(date(1980, 5, 1), 950), first_name="Aino", last_name="Laine")
    with pytest.raises(services.PossibleDuplicateError):
        services.client_create(actor=coach, national_id=nid.build(date(1980, 5, 1), 972), first_name="aino ",
                               last_name="LAINE")
    services.client_create(actor=coach, national_id=nid.build(date(1980, 5, 1), 972), first_name="Aino",
                           last_name="Lehto")  # another name: no warning


@time_machine.travel(TODAY)
def test_page_warns_with_the_match_then_creates_on_the_second_save(coach, login):
    match = ClientFactory(national_id="010375-9502", first_name="Maija", last_name="Meikäläinen",
                          responsible_worker=coach)
    http = login(coach)
    post = {"national_id": nid.build(date(1975, 3, 1), 951), "first_name": "Matti", "last_name": "Virtanen", **NEW}
    response = http.post("/clients/new/", post)
    page = response.content.decode()
    assert response.status_code == 200 and Client.objects.count() == 1
    assert "Samankaltainen asiakas on jo olemassa" in page and f"/clients/{match.pk}/" in page
    assert "Maija Meikäläinen" in page and "010375-****" in page and "010375-950" not in page
    assert 'name="similar_confirmed" value="True"' in page or 'name="similar_confirmed" value="on"' in page
    assert AccessLogEntry.objects.filter(client_id=match.pk, what="possible duplicate").exists()
    response = http.post("/clients/new/", {**post, "similar_confirmed": "on"})
    assert response.status_code == 302 and Client.objects.count() == 2


@time_machine.travel(TODAY)
def test_a_match_the_user_may_not_see_is_not_shown_but_said_whom_to_ask(make_user, login):
    coach = make_user(Role.COACH, team=TeamFactory(name="Nuorten työpaja"))
    other = make_user(Role.COACH, team=TeamFactory(name="TyöVarikko"))
    hidden = ClientFactory(national_id="131052-308T", first_name="Maija", last_name="Meikäläinen",
                           responsible_worker=other)
    response = login(coach).post("/clients/new/", {"national_id": "131052-309U", "first_name": "Matti",
                                                   "last_name": "Virtanen", **NEW})
    page = response.content.decode()
    assert "Meikäläinen" not in page and f"/clients/{hidden.pk}/" not in page
    assert "Kysy sosiaaliohjaajalta tai pääkäyttäjältä" in page
    assert Client.objects.count() == 1


@time_machine.travel(TODAY)
def test_page_refuses_an_implausible_age_beside_the_id(coach, login):
    response = login(coach).post("/clients/new/", {"national_id": nid.build(date(1905, 3, 1), 950, "-"),
                                                   "first_name": "A", "last_name": "B", **NEW})
    assert response.context["form"].errors["national_id"] == [
        "Henkilötunnuksen mukainen ikä on yli 110 vuotta: tarkista tunnus."]
    assert not Client.objects.exists()
