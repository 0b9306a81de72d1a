"""Numbers as Finns type them: one field for every decimal a user enters (issue 19, item 6)."""

import importlib
import inspect
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

from joutsa_tyollisyys.forms import FinnishDecimalField

ACCEPTED = ["1 400,00", "1\xa0400,00", "1 400,00 €", "1\xa0400,00\xa0€", "1400,00", "1400.00", "1 400", "1.400,00",
            " 1400,00 ", "1\u202f400,00"]


@pytest.mark.parametrize("text", ACCEPTED)
def test_amounts_typed_the_finnish_way_are_read(text):
    assert FinnishDecimalField(max_digits=10, decimal_places=2).clean(text) == Decimal("1400")


@pytest.mark.parametrize("text", ["1,400,00", "14OO", "1 400,00 $", "1400,,0", "1 4OO,00 €"])
def test_a_typo_is_refused_with_the_expected_form_in_finnish(text):
    field = FinnishDecimalField(max_digits=10, decimal_places=2)
    with translation.override("fi"):
        with pytest.raises(forms.ValidationError) as error:
            field.clean(text)
        assert error.value.messages == ["Anna luku muodossa 1\xa0400,00."]


def test_the_example_follows_the_decimal_places_and_swedish_is_said_too():
    with translation.override("sv"):
        with pytest.raises(forms.ValidationError) as error:
            FinnishDecimalField(max_digits=3, decimal_places=1).clean("x")
        assert error.value.messages == ["Ange talet i formen 7,5."]


def test_values_are_shown_as_finns_write_them():
    widget = FinnishDecimalField(max_digits=10, decimal_places=2).widget
    html = widget.render("amount", Decimal("1400.5"))
    assert 'value="1\xa0400,50"' in html and 'inputmode="decimal"' in html and 'type="text"' in html
    assert 'value="14OO"' in widget.render("amount", "14OO")  # a typo is shown back as typed


PROJECT = str(settings.BASE_DIR)


def _own_apps():
    configs = apps.get_app_configs()
    return [c for c in configs if c.path.startswith(PROJECT + "/") and "/.venv/" not in c.path]


def _all_forms():
    seen = set()
    for config in _own_apps():
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls not in seen:  # _step's forms are made by type()
                seen.add(cls)
                yield cls


def test_every_form_of_every_app_takes_decimals_the_finnish_way():
    plain = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _all_forms()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DecimalField | forms.FloatField) and not isinstance(field, FinnishDecimalField)
    ]
    checked = [cls for cls in _all_forms() if any(isinstance(f, FinnishDecimalField) for f in cls.base_fields.values())]
    assert not plain
    assert len(checked) >= 8


def test_the_rate_tables_in_the_administration_take_finnish_numbers():
    from django.contrib import admin
    from django.db import models

    own = {config.label for config in _own_apps()}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in own:
            continue
        for field in model._meta.fields:
            if isinstance(field, models.DecimalField) and field.editable:
                form_field = model_admin.formfield_for_dbfield(field, request=None)
                assert isinstance(form_field, FinnishDecimalField), f"{model.__name__}.{field.name}"
