"""One safe parser for dates from query strings, and the year range of every date field."""

from datetime import date

import pytest
from django import forms

from joutsa_tyollisyys.parsing import query_date, query_month


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-05", date(2026, 12, 5)), (" 2026-12-05 ", date(2026, 12, 5)),
    ("1900-01-01", date(1900, 1, 1)), ("2099-12-31", date(2099, 12, 31)),
    ("1899-12-31", None), ("2100-01-01", None), ("2026-02-30", None), ("0000-00-00", None),
    ("5.12.2026", date(2026, 12, 5)), ("05.12.2026", date(2026, 12, 5)), ("30.2.2026", None), ("5.12.26", None),
    ("9999-12-31", None), ("0001-01-01", None), ("20261205", None), ("", None), (None, None), ("x" * 500, None),
])
def test_query_date(text, expected):
    assert query_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11", date(2026, 11, 1)), ("2026-11-30", date(2026, 11, 1)), ("1900-01", date(1900, 1, 1)),
    ("2026-13", None), ("2026-1", None), ("0000-00", None), ("9999-12", None), ("2026", None), ("x-y", None),
])
def test_query_month(text, expected):
    assert query_month(text) == expected


@pytest.mark.parametrize("field", [forms.DateField(), forms.DateTimeField()])
@pytest.mark.parametrize(("typed", "ok"), [("1899-12-31", False), ("1900-01-01", True), ("2099-12-31", True),
                                            ("2100-01-01", False), ("0001-01-01", False)])
def test_every_date_field_refuses_years_outside_the_range(field, typed, ok):
    if ok:
        field.clean(typed)
    else:
        with pytest.raises(forms.ValidationError) as error:
            field.clean(typed)
        assert error.value.messages == ["Anna päivämäärä väliltä 1.1.1900–31.12.2099."]


@pytest.mark.django_db
def test_a_bad_week_in_the_address_says_so_and_shows_this_week(coach, login):
    response = login(coach).get("/clients/meetings/?week=2026-02-30", follow=True)
    assert response.status_code == 200
    assert "ei ole päivämäärä, jonka palvelu voi näyttää" in response.content.decode()
