from datetime import date
from decimal import Decimal

import pytest

from joutsa_tyollisyys.formatting import format_date, format_euro


@pytest.mark.parametrize("value, text", [(Decimal("1234.5"), "1\xa0234,50\xa0€"), (0, "0,00\xa0€"),
                                         (Decimal("-10.09"), "-10,09\xa0€"), (1234567.891, "1\xa0234\xa0567,89\xa0€"),
                                         (Decimal("0.005"), "0,01\xa0€"), (None, "")])
def test_euro(value, text):
    assert format_euro(value) == text


def test_date():
    assert format_date(date(2026, 3, 5)) == "05.03.2026"
