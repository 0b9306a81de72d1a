"""Hostile uploads are refused quickly with a message, and memory stays bounded."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError

from joutsa_tyollisyys.roles import Role
from payment_share import parsing

pytestmark = pytest.mark.django_db


def _timed(fn):
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = fn()
    finally:
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, elapsed, peak


class ExplodingStream(io.RawIOBase):
    """A request body that must never be read."""

    def read(self, *args):
        raise AssertionError("the body of a too-large upload was read")

    readline = read


def test_a_1_gb_upload_is_refused_before_the_body_is_read(make_user):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from payment_share.views import upload

    request = RequestFactory().generic("POST", "/payment-share/upload/", b"",
                                       CONTENT_TYPE="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(1024**3)
    request._stream = ExplodingStream()
    request.META["wsgi.input"] = ExplodingStream()
    request.user = make_user(Role.OFFICE_CLERK)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = upload(request)
    assert response.status_code == 413
    assert "liian suuri" in response.content.decode()


def test_a_zip_bomb_posing_as_xlsx_is_refused_fast_and_small():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))  # 300 MB of zeros
    data = buffer.getvalue()
    assert len(data) < 2 * 1024 * 1024
    assert parsing.check_upload("lista.xlsx", len(data), data[:8]) == "xlsx"
    result, elapsed, peak = _timed(lambda: parsing.parse_list(data))
    assert result.errors and "epätavallisen suuri" in str(result.errors[0])
    assert elapsed < 2 and peak < 20 * 1024 * 1024


@pytest.mark.parametrize("name, head", [
    ("lista.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),   # a picture renamed
    ("lista.xlsx", b"MZ\x90\0\x03\0\0\0"),              # a program renamed
    ("lista.pdf", b"%PDF-1.7"),                        # the wrong kind of document
])
def test_wrong_type_is_refused_by_its_content_not_its_name(name, head):
    with pytest.raises(ValidationError) as error:
        parsing.check_upload(name, 1000, head)
    assert "CSV" in str(error.value) or "Excel" in str(error.value)


def test_a_csv_with_a_million_columns_is_reported_not_crashed():
    data = ("Kuukausi;" + ";".join(["x"] * 1_000_000) + "\n").encode()
    result, elapsed, peak = _timed(lambda: parsing.parse_list(data))
    assert result.errors
    assert elapsed < 5 and peak < 200 * 1024 * 1024
