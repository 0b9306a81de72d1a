"""Issue 19: numbers as Finns type them, in every form that takes a number or a sum of money."""

import importlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.utils import timezone

from joutsa_tyollisyys.forms import FinnishDecimalField
from joutsa_tyollisyys.roles import Role

EXPECTED = "Anna luku muodossa 1\xa0400,00."


@pytest.mark.parametrize(("typed", "value"), [
    ("1 400,00", Decimal("1400.00")), ("1\u00a0400,00 €", Decimal("1400.00")), ("1\u202f400,00", Decimal("1400")),
    ("1400,00", Decimal("1400.00")), ("1400.00", Decimal("1400.00")), ("1 400", Decimal("1400")),
    (" 297,68 € ", Decimal("297.68")), ("1 234 567,5", Decimal("1234567.5")), ("0,5", Decimal("0.5")),
])
def test_accepted(typed, value):
    assert FinnishDecimalField(max_digits=10, decimal_places=2).clean(typed) == value


@pytest.mark.parametrize("typed", ["14OO", "1,400,00", "1 400,00 e", "abc"])
def test_a_typo_says_what_is_expected(typed):
    with pytest.raises(forms.ValidationError) as error:
        FinnishDecimalField(max_digits=10, decimal_places=2).clean(typed)
    assert error.value.messages == [EXPECTED]


def test_every_decimal_field_of_every_form_takes_finnish_numbers():
    """Model forms get one through the models' DecimalField (the admin's rate tables too); a form that declares a
    decimal field itself must declare this one."""
    from django.contrib import admin

    plain = []
    for config in apps.get_app_configs():
        if not config.name.startswith(("joutsa_tyollisyys", "clients", "activation", "rehab_work",
                                       "obligation_employment", "payment_share", "health_cooperation", "workshop",
                                       "reporting")):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, form in vars(module).items():
            if isinstance(form, type) and issubclass(form, forms.BaseForm):
                plain += [f"{name}.{field}" for field, f in getattr(form, "base_fields", {}).items()
                          if isinstance(f, forms.DecimalField) and not isinstance(f, FinnishDecimalField)]
    for model, model_admin in admin.site._registry.items():
        for field in model._meta.concrete_fields:
            if field.get_internal_type() == "DecimalField":
                form_field = model_admin.formfield_for_dbfield(field, request=None)
                if form_field is not None and not isinstance(form_field, FinnishDecimalField):
                    plain.append(f"admin {model.__name__}.{field.name}")
    assert not plain


@pytest.mark.django_db
def test_the_clerk_records_a_payment_typed_the_finnish_way(make_user, login):
    from tests.rehab_work.factories import ClaimFactory

    clerk = make_user(Role.OFFICE_CLERK)
    submitted = timezone.localdate() - timedelta(days=10)
    claim = ClaimFactory(status="submitted", submitted_on=submitted,
                         period_start=date(submitted.year, submitted.month, 1) - timedelta(days=40),
                         period_end=date(submitted.year, submitted.month, 1) - timedelta(days=13))
    http = login(clerk)
    url = f"/rehab/claims/{claim.pk}/paid/"
    typo = http.post(url, {"paid_on": timezone.localdate().isoformat(), "paid_amount": "14OO,00",
                           "version": claim.version})
    assert EXPECTED in typo.content.decode() and typo.status_code == 200
    claim.refresh_from_db()
    assert claim.status == "submitted"
    response = http.post(url, {"paid_on": timezone.localdate().isoformat(), "paid_amount": "1 400,00 €",
                               "version": claim.version})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.paid_amount) == ("paid", Decimal("1400.00"))
