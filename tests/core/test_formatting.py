from datetime import date
from decimal import Decimal

import pytest

from joutsa_tyollisyys.formatting import format_date, format_euro


@pytest.mark.parametrize(
    "value, text",
    [
        (Decimal("1234.5"), "1\xa0234,50\xa0€"),
        (0, "0,00\xa0€"),
        (Decimal("-10.09"), "-10,09\xa0€"),
        (1234567.891, "1\xa0234\xa0567,89\xa0€"),
        (Decimal("0.005"), "0,01\xa0€"),
        (None, ""),
    ],
)
def test_euro(value, text):
    assert format_euro(value) == text


def test_date():
    assert format_date(date(2026, 3, 5)) == "05.03.2026"


def test_finnish_by_default_whatever_the_browser_says_and_switchable(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Kirjaudu sisään" in page.content.decode()
    client.post("/i18n/setlang/", {"language": "sv", "next": "/accounts/login/"})
    assert "Logga in" in client.get("/accounts/login/").content.decode()
