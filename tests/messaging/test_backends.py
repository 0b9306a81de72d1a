"""The backends: the console prints a labelled message; the HTTP gateway posts JSON with the token and tells a
refusal (send again) from a timeout (not known: never sent again)."""

import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from messaging.backends import GatewayError, GatewayUncertain, OutgoingText, console, filebased, get_backend, http

MESSAGE = OutgoingText(to="+358401234567", body="Hei, tervetuloa!", reference="ref-1", sender="Joutsa")


def test_the_console_backend_prints_a_labelled_message():
    stream = io.StringIO()
    gateway_id = console.SmsBackend(stream=stream).send(MESSAGE)
    out = stream.getvalue()
    assert "TEXT MESSAGE (console backend: not sent)" in out and "To: +358401234567" in out
    assert "Hei, tervetuloa!" in out and gateway_id in out


def test_the_embedded_default_is_the_console_and_sms_url_means_the_gateway():
    import subprocess
    import sys

    code = "import django; django.setup(); from django.conf import settings; print(settings.SMS_BACKEND)"
    env = {"DJANGO_SETTINGS_MODULE": "joutsa_tyollisyys.settings", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60).stdout
    assert out.strip() == "messaging.backends.console.SmsBackend"
    out = subprocess.run([sys.executable, "-c", code], env={**env, "SMS_URL": "https://sms.example/api"},
                         capture_output=True, text=True, timeout=60).stdout
    assert out.strip() == "messaging.backends.http.SmsBackend"


def test_the_file_backend_writes_one_file_a_message(settings, tmp_path):
    settings.SMS_FILE_PATH = str(tmp_path)
    gateway_id = filebased.SmsBackend().send(MESSAGE)
    data = json.loads((tmp_path / f"{gateway_id}.json").read_text(encoding="utf-8"))
    assert data["to"] == "+358401234567" and data["body"] == "Hei, tervetuloa!"


class Gateway(BaseHTTPRequestHandler):
    answer = (200, b'{"id": "gw-42"}')
    delay = 0.0
    received: list = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Gateway.received.append((self.headers.get("Authorization"), json.loads(body)))
        time.sleep(Gateway.delay)
        status, content = Gateway.answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    Gateway.answer, Gateway.delay, Gateway.received = (200, b'{"id": "gw-42"}'), 0.0, []
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send"
    server.shutdown()
    server.server_close()


def test_the_gateway_gets_json_with_the_token_and_its_id_comes_back(gateway, settings):
    settings.SMS_URL, settings.SMS_TOKEN = gateway, "tok"
    settings.SMS_BACKEND = "messaging.backends.http.SmsBackend"
    assert get_backend().send(MESSAGE) == "gw-42"
    assert Gateway.received == [("Bearer tok", {"to": "+358401234567", "from": "Joutsa", "text": "Hei, tervetuloa!",
                                                "reference": "ref-1"})]


@pytest.mark.parametrize("status", [400, 401, 500, 503])
def test_a_non_2xx_answer_is_a_refusal(gateway, status):
    Gateway.answer = (status, b'{"error": "no"}')
    with pytest.raises(GatewayError) as error:
        http.SmsBackend(url=gateway, token="t").send(MESSAGE)
    assert not isinstance(error.value, GatewayUncertain) and str(status) in str(error.value)


def test_no_answer_in_time_is_uncertain(gateway):
    Gateway.delay = 1.0
    with pytest.raises(GatewayUncertain):
        http.SmsBackend(url=gateway, token="t", timeout=0.2).send(MESSAGE)


def test_a_closed_port_is_a_refusal():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(GatewayError) as error:
        http.SmsBackend(url=f"http://127.0.0.1:{port}/", token="t", timeout=2).send(MESSAGE)
    assert not isinstance(error.value, GatewayUncertain)


def test_a_2xx_without_an_id_is_accepted(gateway):
    Gateway.answer = (202, b"queued")
    assert http.SmsBackend(url=gateway, token="t").send(MESSAGE) == ""
