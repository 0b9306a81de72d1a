"""The invitation template's placeholders: unknown ones and health or benefit words are refused in Finnish."""

import pytest
from django.core.exceptions import ValidationError

from outreach import placeholders
from outreach.models import InvitationTemplate

pytestmark = pytest.mark.django_db


def _template(**kwargs):
    fields = {"name": "Testi", "letter_fi": "Hei {first_name}", "letter_sv": "Hej {first_name}",
              "text_fi": "Aika {time}", "text_sv": "Tid {time}", **kwargs}
    return InvitationTemplate(**fields)


def test_seeded_template_is_valid():
    InvitationTemplate.objects.get(name="Kutsu tapaamiseen").full_clean()


def test_unknown_placeholder_is_a_finnish_error_beside_the_field():
    with pytest.raises(ValidationError) as error:
        _template(text_fi="Hei {etunimi}, aika {time}").full_clean()
    assert list(error.value.error_dict) == ["text_fi"]
    assert "Tuntematon paikkamerkki {etunimi}." in error.value.error_dict["text_fi"][0].messages[0]


def test_unpaired_brace_is_a_finnish_error():
    with pytest.raises(ValidationError) as error:
        _template(letter_sv="Hej {first_name").full_clean()
    assert "paria" in error.value.error_dict["letter_sv"][0].messages[0]


def test_health_or_benefit_words_are_refused():
    assert placeholders.template_errors("Tervetuloa {first_name}") == []
    errors = placeholders.template_errors("Työmarkkinatukesi vuoksi kutsumme sinut")
    assert errors and "terveys- tai etuustietoja" in errors[0]


def test_admin_form_shows_the_error(admin_client):
    from django.urls import reverse

    response = admin_client.post(reverse("admin:outreach_invitationtemplate_add"), {
        "name": "Uusi", "letter_fi": "Hei {nimi}", "letter_sv": "Hej", "text_fi": "Hei", "text_sv": "Hej",
        "active": "on"})
    assert response.status_code == 200
    assert "Tuntematon paikkamerkki {nimi}." in response.content.decode()
    assert not InvitationTemplate.objects.filter(name="Uusi").exists()
