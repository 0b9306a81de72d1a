from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from clients import national_id as nid


@pytest.mark.parametrize(
    "code, born, sex",
    [("131052-308T", date(1952, 10, 13), "female"),
     ("010594Y9021", date(1994, 5, 1), "female"),
     ("020504B904H", date(2004, 5, 2), "female")],
)
def test_domain_examples_parse(code, born, sex):
    parsed = nid.parse(code)
    assert parsed.birth_date == born
    assert parsed.sex == sex


@pytest.mark.parametrize("sign, century", [("+", 1800), ("-", 1900), ("Y", 1900), ("X", 1900), ("W", 1900),
                                           ("V", 1900), ("U", 1900), ("A", 2000), ("B", 2000), ("C", 2000),
                                           ("D", 2000), ("E", 2000), ("F", 2000)])
def test_every_century_sign(sign, century):
    code = nid.build(date(century + 5, 3, 7), 923, sign=sign)
    assert code[6] == sign
    assert nid.parse(code).birth_date == date(century + 5, 3, 7)


@pytest.mark.parametrize("wrong", "0123456789ABCDEFHJKLMNPRSUVWXY")
def test_every_wrong_check_character_is_refused(wrong):
    with pytest.raises(ValidationError) as error:
        nid.parse("131052-308" + wrong)
    assert error.value.code == "check"


@pytest.mark.parametrize("code, reason", [("131052308T", "format"), ("131052-30T", "format"), ("131052G308T", "format"),
                                          ("310252-308T", "date"), ("131052-001T", "number"), ("", "format")])
def test_malformed_codes_say_what_is_wrong(code, reason):
    with pytest.raises(ValidationError) as error:
        nid.parse(code)
    assert error.value.code == reason


def test_messages_are_finnish_by_default():
    with pytest.raises(ValidationError) as error:
        nid.parse("131052-308A")
    assert "tarkiste" in error.value.messages[0].lower()


def test_lowercase_and_spaces_are_normalised():
    assert nid.parse(" 131052-308t ").code == "131052-308T"


def test_temporary_range():
    assert nid.parse("010594Y9021").is_temporary
    assert not nid.parse("131052-308T").is_temporary


def test_mask_and_hash():
    assert nid.mask("131052-308T") == "131052-****"
    assert nid.lookup_hash("131052-308t") == nid.lookup_hash("131052-308T")
    assert "131052" not in nid.lookup_hash("131052-308T")


@given(st.dates(min_value=date(1850, 1, 1), max_value=date(2099, 12, 31)), st.integers(900, 999))
def test_built_codes_always_parse_back(born, number):
    assert nid.parse(nid.build(born, number)).birth_date == born


@pytest.mark.parametrize("typed", ["131052 -308T", "131052-308 T", "131052\xa0-308T", "1310 52-308T"])
def test_a_space_inside_the_code_is_an_error_not_repaired(typed):
    with pytest.raises(ValidationError) as caught:
        nid.parse(typed)
    assert caught.value.code == "space"
    assert not nid.looks_like_national_id(typed)


def test_outer_spaces_are_trimmed():
    assert nid.parse("\t131052-308T  ").code == "131052-308T"
