"""Reading Kela's list: every encoding and delimiter, each kind of bad row, any bytes at all."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clients import national_id as nid
from payment_share import generate, parsing
from payment_share.parsing import Layout, check_upload, parse_list

DATA = Path(__file__).resolve().parent.parent / "data"
GOOD_FILES = ["payment_share_sample.csv", "list.xlsx"] + [
    f"list_{enc}_{delim}.csv" for enc in ("utf8", "utf8bom", "cp1252") for delim in ("semicolon", "comma")
]


def read(name):
    return (DATA / name).read_bytes()


@pytest.mark.parametrize("name", GOOD_FILES)
def test_each_encoding_delimiter_and_xlsx_gives_the_same_rows(name):
    result = parse_list(read(name))
    assert result.ok, result.errors
    assert len(result.rows) == 6
    first, second = result.rows[0], result.rows[1]
    assert first.row_number == 2 and first.month == date(2024, 6, 1)
    assert first.national_id == "061165-902L" and first.name == "Mäkinen Päivi"
    assert second.name == "Järvinen Jörö" and result.rows[2].name == "Öhman Åsa"
    assert first.paid_days == 312 and first.days_in_month == 20
    assert first.benefit_paid == Decimal("744.20") and first.share_amount == Decimal("372.10")
    assert second.share_percent == Decimal("70") and second.share_amount == Decimal("520.94")
    assert result.months == [date(2024, 6, 1)]


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("list_utf8_comma.csv", "utf-8", ","),
        ("list_utf8bom_semicolon.csv", "utf-8-sig", ";"),
        ("list_cp1252_semicolon.csv", "cp1252", ";"),
    ],
)
def test_encoding_and_delimiter_are_detected(name, encoding, delimiter):
    result = parse_list(read(name))
    assert (result.encoding, result.delimiter) == (encoding, delimiter)


@pytest.mark.parametrize(
    ("name", "row", "column", "words"),
    [
        ("broken_bad_national_id.csv", 2, "henkilötunnus", None),
        ("broken_missing_month.csv", 3, "kuukausi", "Kuukausi puuttuu"),
        ("broken_negative_days.csv", 4, "maksetut päivät yhteensä", "negatiivinen"),
        ("broken_non_numeric_amount.csv", 5, "kuntaosuus €", "ei ole luku"),
        ("broken_duplicate_person.csv", 7, "henkilötunnus", "rivillä 3"),
    ],
)
def test_each_kind_of_bad_row_is_reported_with_its_row_number(name, row, column, words):
    result = parse_list(read(name))
    assert not result.ok and result.rows == []
    assert result.error_count == 1
    error = result.errors[0]
    assert (error.row, error.column) == (row, column)
    if words is None:  # the clients app's own sentence about the check character
        with pytest.raises(ValidationError) as caught:
            nid.parse("061165-902A")
        words = caught.value.messages[0]
    assert words in error.message


def test_all_bad_rows_are_reported_not_only_the_first():
    result = parse_list(read("journey_two_bad_rows.csv"))
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "henkilötunnus"),
        (6, "maksetut päivät yhteensä"),
    ]
    assert result.rows == []


def test_a_row_with_several_problems_lists_each():
    data = generate.to_csv(generate.generate_rows(2, seed=1)).decode("utf-8-sig").split("\r\n")
    cells = data[1].split(";")
    cells[0], cells[4], cells[8] = "", "-1", "abc"
    data[1] = ";".join(cells)
    result = parse_list("\r\n".join(data).encode())
    assert sorted(e.column for e in result.errors if e.row == 2) == sorted(
        ["kuukausi", "kuntaosuus €", "maksetut päivät yhteensä"]
    )


def test_file_without_a_header_row_is_read_from_the_first_row():
    result = parse_list(generate.to_csv(generate.generate_rows(3, seed=2), header=False))
    assert result.ok and [r.row_number for r in result.rows] == [1, 2, 3]


def test_a_first_data_row_with_a_bad_id_is_reported_not_taken_for_a_header():
    rows = generate.generate_rows(2, seed=3)
    text = generate.to_csv(rows, header=False).decode("utf-8-sig").replace(rows[0].national_id, "999999-999X")
    result = parse_list(text.encode())
    assert [e.row for e in result.errors] == [1]


def test_number_and_month_formats():
    assert parsing._decimal("1 234,56 €", label="x") == Decimal("1234.56")
    assert parsing._decimal("1.234,56", label="x") == Decimal("1234.56")
    assert parsing._decimal("1,234.56", label="x") == Decimal("1234.56")
    assert parsing._decimal(390.71, label="x") == Decimal("390.71")
    assert parsing._decimal("-12,5", label="x") == Decimal("-12.50")  # Kela's corrections may be negative
    for bad in ("NaN", "inf", "1e999", "12,3,4", "abc"):
        with pytest.raises(ValueError):
            parsing._decimal(bad, label="x")
    for text in ("2025-03", "2025-3", "03/2025", "3.2025", "1.3.2025", "2025-03-01", "202503"):
        assert parsing._month(text) == date(2025, 3, 1), text
    for bad in ("13/2025", "2025-00", "1899-01", "maaliskuu"):
        with pytest.raises(ValueError):
            parsing._month(bad)


def test_days_must_be_whole_and_within_limits():
    assert parsing._days("300", label="x") == 300 and parsing._days(300.0, label="x") == 300
    for bad in ("300,5", "-1", "100000"):
        with pytest.raises(ValueError):
            parsing._days(bad, label="x")


def test_names_are_split_into_last_and_first_names():
    assert parsing.split_name("VIRTANEN ANNA MARIA") == ("Virtanen", "Anna Maria")
    assert parsing.split_name("Mäki-Petäjä, Eeva") == ("Mäki-Petäjä", "Eeva")
    assert parsing.split_name(" , ") == ("", "")  # found by the property test below: it raised IndexError
    result = parse_list("2024-06;061165-902L;Mäkinen;;312;20;744,20;50;372,10\r\n".encode())
    assert "etunimet" in result.errors[0].message


def test_a_saved_layout_by_header_text_reads_columns_in_any_order():
    header = "Henkilötunnus;Summa;Kausi;Päivät;Nimi\r\n"
    body = "061165-902L;372,10;6/2024;312;Mäkinen Päivi\r\n"
    layout = Layout(
        {
            "month": "Kausi",
            "national_id": "henkilötunnus",
            "name": "Nimi",
            "paid_days": "Päivät",
            "share_amount": "Summa",
        }
    )
    result = parse_list((header + body).encode(), layout)
    assert result.ok
    row = result.rows[0]
    assert (row.month, row.paid_days, row.share_amount, row.benefit_paid) == (
        date(2024, 6, 1),
        312,
        Decimal("372.10"),
        None,
    )
    missing = parse_list((header + body).encode(), Layout({**layout.columns, "month": "Kuukausi"}))
    assert missing.errors[0].row is None and "Kuukausi" in missing.errors[0].message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "ei ole rivej"),
        (b"\r\n\r\n", "ei ole rivej"),
        (b"just one column\nand another", "puolipiste"),
        ("Kuukausi;Henkil\u00f6tunnus\n".encode() + b"\x81\x8d;x\n", "merkkej"),
        (b"PK\x03\x04not really a zip", "Excel"),
        (b"a;b\x00;c\n", "tekstitiedosto"),
        (b'a;"b\n', "CSV"),
        (b'a;b\n1;"2"x\n', "rivi 2"),
    ],
)
def test_unreadable_files_give_one_error_without_a_row(data, words):
    result = parse_list(data)
    assert not result.ok and result.error_count == 1
    assert result.errors[0].row is None and words in result.errors[0].message


def test_errors_beyond_the_report_limit_are_counted():
    lines = ["x;bad;;;;;;;" for _ in range(parsing.MAX_REPORTED_ERRORS + 50)]
    result = parse_list(("\r\n".join(["a;b;c;d;e;f;g;h;i"] + lines)).encode())
    assert len(result.errors) == parsing.MAX_REPORTED_ERRORS and result.error_count > len(result.errors)


def test_payload_round_trip_keeps_every_value():
    rows = parse_list(read("payment_share_sample.csv")).rows
    assert parsing.payload_to_rows(parsing.rows_to_payload(rows)) == rows


@pytest.mark.parametrize(
    ("name", "size", "head", "error"),
    [
        ("lista.csv", parsing.MAX_UPLOAD_BYTES + 1, b"a;b", "liian suuri"),
        ("lista.csv", 0, b"", "tyhjä"),
        ("lista.xls", 100, b"\xd0\xcf\x11\xe0", ".xls"),
        ("lista.pdf", 100, b"%PDF-1.4", "CSV"),
        ("lista.xlsx", 100, b"a;b;c", "CSV"),  # not a workbook inside
        ("lista.csv", 100, b"PK\x03\x04", "CSV"),  # a workbook named .csv
        ("lista.csv", 100, b"a\x00b", "CSV"),
    ],
)
def test_upload_check_refuses_wrong_size_and_type_before_parsing(name, size, head, error):
    with pytest.raises(ValidationError) as caught:
        check_upload(name, size, head)
    assert error in caught.value.message_dict["file"][0]


def test_upload_check_accepts_csv_and_xlsx():
    assert check_upload("LISTA.CSV", 10, b"a;b") == "csv"
    assert check_upload("lista.xlsx", 10, b"PK\x03\x04") == "xlsx"


def test_thirty_thousand_generated_rows_parse_with_temporary_ids_only():
    data = generate.large_list_csv(30_000)
    result = parse_list(data)
    assert result.ok and len(result.rows) == 30_000
    assert len({r.national_id for r in result.rows}) == 30_000
    assert all(900 <= int(r.national_id[7:10]) <= 999 for r in result.rows)


# --- Property: any bytes either import cleanly or give a row-numbered report; never an exception. ------


def _check_outcome(result):
    assert isinstance(result, parsing.ParseResult)
    if result.ok:
        assert result.rows and not result.errors
    else:
        assert result.rows == [] and result.error_count >= 1 and result.errors  # nothing is imported in part
        for error in result.errors:
            assert error.row is None or error.row >= 1
            assert error.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_give_rows_or_a_report(data):
    _check_outcome(parse_list(data))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600).map(lambda b: b"PK\x03\x04" + b))
def test_any_zip_looking_bytes_give_a_report(data):
    _check_outcome(parse_list(data))


SAMPLE_TEXT = read("payment_share_sample.csv").decode("utf-8-sig")
CELL = st.one_of(
    st.text(max_size=12), st.sampled_from(["", "2024-06", "061165-902L", "-5", "1,5", "1e9", "€"])
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(CELL, min_size=0, max_size=11), max_size=8),
    st.sampled_from([";", ","]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_any_table_of_cells_gives_rows_or_a_report(table, delimiter, encoding):
    text = SAMPLE_TEXT.split("\r\n", 1)[0] + "\r\n" + "\r\n".join(delimiter.join(row) for row in table)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    _check_outcome(parse_list(data))


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=len(SAMPLE_TEXT) - 1), st.text(max_size=5))
def test_a_damaged_sample_gives_rows_or_a_report(position, junk):
    _check_outcome(parse_list((SAMPLE_TEXT[:position] + junk + SAMPLE_TEXT[position + 1 :]).encode()))


def test_a_space_inside_a_national_id_is_a_row_error_not_repaired():
    header = read("payment_share_sample.csv").decode("utf-8-sig").splitlines()[0]
    data = "\n".join([header, "2024-06;061165 -902L;Mäkinen Päivi;työmarkkinatuki;312;20;744,20;50;372,10",
                      "2024-06; 140371-9159 ;Järvinen Jörö;työmarkkinatuki;1044;20;744,20;70;520,94"])
    result = parse_list(data.encode())
    assert [(e.row, e.column) for e in result.errors] == [(2, "henkilötunnus")]
    assert "välilyönti" in result.errors[0].message
