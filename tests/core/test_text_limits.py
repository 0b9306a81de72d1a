"""Issue 19 item 9: every free-text field has a sensible limit; the form says in Finnish, beside the field, when a
text is too long (without JavaScript too), and nothing is saved; existing longer texts are not cut."""

import re
from datetime import timedelta

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.utils import timezone

from clients.models import Meeting
from joutsa_tyollisyys import limits
from tests.factories import ClientFactory, MeetingFactory

OUR_APPS = {"joutsa_tyollisyys", "core", "clients", "activation", "rehab_work", "obligation_employment",
            "payment_share", "health_cooperation", "workshop", "reporting", "messaging", "outreach"}
TEXT_FIELDS = [(model, field) for model in apps.get_models()
               if model._meta.app_label in OUR_APPS and not model.__name__.startswith("Historical")
               for field in model._meta.get_fields()
               if isinstance(field, models.TextField) and field.editable]


def _form_classes():
    import importlib

    for app in sorted(OUR_APPS):
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                yield value


def test_the_text_fields_are_found():
    assert len(TEXT_FIELDS) >= 30


@pytest.mark.parametrize(("model", "field"), TEXT_FIELDS, ids=lambda x: getattr(x, "name", getattr(x, "__name__", "")))
def test_every_model_text_field_has_a_limit(model, field):
    own = 0 < (field.max_length or 0) < limits.REASON  # a tighter limit of its own (a text message: 480)
    assert field.max_length in (limits.REASON, limits.TEXT, limits.NOTES) or own, f"{model.__name__}.{field.name}"


@pytest.mark.parametrize("form_class", list(_form_classes()), ids=lambda c: c.__name__)
def test_every_textarea_of_a_form_has_a_maxlength(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field.widget, forms.Textarea):
            assert getattr(field, "max_length", None), f"{form_class.__name__}.{name}"
            assert field.widget_attrs(field.widget).get("maxlength") == str(field.max_length)


@pytest.mark.django_db
def test_too_long_notes_are_refused_beside_the_field_and_nothing_is_saved(coach, login):
    client = ClientFactory(responsible_worker=coach)
    http = login(coach)
    page = http.get(f"/clients/{client.pk}/meetings/log/")
    assert f'maxlength="{limits.NOTES}"' in page.content.decode()
    when = timezone.localtime() - timedelta(hours=1)
    response = http.post(f"/clients/{client.pk}/meetings/log/", {
        "starts_at": when.strftime("%d.%m.%Y %H.%M"), "kind": "in_person", "duration_minutes": "60",
        "notes": "x" * (limits.NOTES + 1),
    })
    text = response.content.decode()
    assert response.status_code == 200
    error = re.search(r'id="error_1_id_notes"[^>]*>(.*?)</', text, re.S)
    assert error and "enintään 10000 merkkiä" in error.group(1)
    assert not Meeting.objects.filter(client=client).exists()


@pytest.mark.django_db
def test_a_longer_text_saved_before_the_limit_is_kept_whole(coach):
    long_notes = "y" * (limits.NOTES + 500)
    meeting = MeetingFactory(client=ClientFactory(responsible_worker=coach), notes=long_notes)
    meeting.refresh_from_db()
    assert meeting.notes == long_notes
