"""Two workers edit the same client: the second save is refused with a clear message, nothing overwritten."""

import pytest

from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _form_data(response):
    form = response.context["form"]
    data = {}
    for name, _field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        data[name] = "on" if value is True else ("" if value is False else value)
    return {k: v for k, v in data.items() if v != ""}


def test_second_save_is_refused_and_the_first_kept(make_user, login):
    team = TeamFactory(name="Varikko")
    first_worker = make_user(Role.COACH, team=team)
    second_worker = make_user(Role.COACH, team=team)
    person = ClientFactory(responsible_worker=first_worker, phone="040 111 1111")
    one, two = login(first_worker), login(second_worker)
    form_one = _form_data(one.get(f"/clients/{person.pk}/edit/"))
    form_two = _form_data(two.get(f"/clients/{person.pk}/edit/"))

    assert one.post(f"/clients/{person.pk}/edit/", {**form_one, "phone": "040 222 2222"}).status_code == 302
    refused = two.post(f"/clients/{person.pk}/edit/", {**form_two, "phone": "040 333 3333"})
    assert refused.status_code == 200
    assert "Joku muu tallensi" in refused.content.decode()
    person.refresh_from_db()
    assert person.phone == "+358 40 2222222"
