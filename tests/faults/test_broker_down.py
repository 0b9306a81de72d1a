"""Redis down: the app keeps working and says when a task could not start. A real broker is stopped mid-run."""

import shutil
import socket
import subprocess
import time

import pytest

from joutsa_tyollisyys.celery import app
from joutsa_tyollisyys.tasks import ping
from joutsa_tyollisyys.tasks_util import enqueue

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server not installed")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def own_redis():
    port = _free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield proc, f"redis://127.0.0.1:{port}/0"
    proc.kill()
    proc.wait()


def _reset_pool():
    app._pool = None  # the next publish opens new pools on the current broker_url
    app.amqp._producer_pool = None


@pytest.fixture
def real_broker(own_redis):
    proc, url = own_redis
    old = dict(app.conf.broker_url and {"broker_url": app.conf.broker_url} or {})
    app.conf.update(
        task_always_eager=False, broker_url=url, broker_connection_retry=False, broker_connection_max_retries=0
    )
    _reset_pool()
    yield proc
    app.conf.update(task_always_eager=True, **old)
    _reset_pool()


@pytest.mark.django_db
def test_broker_stopped_mid_run(real_broker, coach, login):
    assert enqueue(ping) is not None  # queued on the live broker
    real_broker.kill()
    real_broker.wait()
    started = time.monotonic()
    assert enqueue(ping) is None  # refused, not raised
    assert time.monotonic() - started < 10
    assert login(coach).get("/").status_code == 200  # pages keep working
