"""Issue 23 item 9, faults around the broker: Redis unreachable answers at once with a message; a worker lives
through a Redis restart; a queued import whose message was lost is given up and its uploader told; every periodic
task the code expects is scheduled; a dropped database connection is noticed before it fails a request."""

import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from joutsa_tyollisyys.celery import app
from joutsa_tyollisyys.models import Notification
from payment_share.models import ImportJob
from reporting.models import MonthlyReport
from tests.payment_share.test_import import upload_file

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reset_connections():
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)  # the result backend is made again from result_backend


@pytest.fixture
def redis_down():
    """Broker and result backend on a closed port of this machine, as with REDIS_URL set and Redis stopped."""
    url = f"redis://127.0.0.1:{_free_port()}/15"
    old = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    _reset_connections()
    yield
    app.conf.update(old)
    _reset_connections()


@pytest.mark.django_db
def test_report_generation_with_redis_down_answers_at_once_with_a_message(redis_down, coach, login):
    started = time.monotonic()
    response = login(coach).post(reverse("reporting:generate"), {"month": "2024-03"}, follow=True)
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and elapsed < 5, elapsed  # was a 500 after 19 s
    assert "taustapalvelu" in response.content.decode() and not MonthlyReport.objects.exists()


@pytest.mark.django_db
def test_an_import_with_redis_down_fails_at_once_and_saves_nothing(redis_down, make_user):
    from joutsa_tyollisyys.roles import Role
    from payment_share import services

    clerk = make_user(Role.OFFICE_CLERK, username="clerk")
    outcome = services.import_upload(actor=clerk, file=upload_file("payment_share_sample.csv"))
    started = time.monotonic()
    job = services.import_start(actor=clerk, job_id=outcome.job.pk)
    assert time.monotonic() - started < 5
    assert job.status == "failed" and "taustapalveluun" in job.error_message and not job.payload


@pytest.mark.django_db
def test_a_queued_import_whose_message_was_lost_is_given_up_and_its_uploader_told(make_user):
    from joutsa_tyollisyys.roles import Role
    from payment_share import services
    from payment_share.tasks import expire_stale_imports

    clerk = make_user(Role.OFFICE_CLERK, username="clerk")
    lost = services.import_upload(actor=clerk, file=upload_file("payment_share_sample.csv")).job
    fresh = services.import_upload(actor=clerk, file=upload_file("payment_share_sample.csv")).job
    ImportJob.objects.filter(pk=lost.pk).update(queued_at=timezone.now() - timedelta(minutes=20))
    ImportJob.objects.filter(pk=fresh.pk).update(queued_at=timezone.now() - timedelta(minutes=2))
    assert expire_stale_imports.delay().get() == 1
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == "failed" and "ei koskaan alkanut" in lost.error_message and not lost.payload
    assert fresh.status == "queued"
    note = Notification.objects.get(recipient=clerk)
    assert lost.file_name in note.message and note.url == lost.get_absolute_url()


@pytest.mark.django_db
def test_the_job_remembers_when_it_was_handed_to_the_broker(make_user):
    from joutsa_tyollisyys.roles import Role
    from payment_share import services

    clerk = make_user(Role.OFFICE_CLERK, username="clerk")
    job = services.import_upload(actor=clerk, file=upload_file("payment_share_sample.csv")).job
    job = services.import_start(actor=clerk, job_id=job.pk)
    assert job.queued_at is not None and timezone.now() - job.queued_at < timedelta(minutes=1)


#: Every task of the code and how it runs: a periodic one has its row in Celery beat's schedule (made by a data
#: migration), an on-demand one is started by a page or another task. A new task must be put in one of the two.
PERIODIC = {
    "joutsa_tyollisyys.tasks.checkpoint_access_log",
    "joutsa_tyollisyys.tasks.seal_access_log",
    "payment_share.tasks.expire_stale_imports",
    "rehab_work.close_finished_agreements",
    "obligation_employment.tasks.daily_claims_check",
    "health_cooperation.tasks.materialise_sote_meetings",
    "reporting.tasks.generate_monthly_report",
    "messaging.tasks.send_queued_text_messages",
    "messaging.tasks.send_meeting_reminders",
}
ON_DEMAND = {
    "joutsa_tyollisyys.tasks.ping",
    "payment_share.tasks.run_import",
    "reporting.tasks.render_report_documents",
    "messaging.tasks.send_text_message",
    "outreach.tasks.render_letters",
}


@pytest.mark.django_db
def test_every_periodic_task_the_code_expects_is_scheduled_by_migration():
    from django_celery_beat.models import PeriodicTask

    app.loader.import_default_modules()  # every app's tasks module (autodiscovery)
    ours = {name for name in app.tasks if not name.startswith("celery.")}
    assert ours == PERIODIC | ON_DEMAND, "a task is neither scheduled nor started on demand"
    scheduled = dict(PeriodicTask.objects.filter(enabled=True).values_list("task", "crontab__minute"))
    assert PERIODIC <= set(scheduled)
    assert scheduled["payment_share.tasks.expire_stale_imports"] == "*/15"  # a lost import is noticed soon


def test_a_dropped_database_connection_is_checked_before_it_is_used():
    assert django_settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; d = settings.DATABASES['default'];"
                               "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "joutsa_tyollisyys.settings",
             "DATABASE_URL": "postgres://u:p@127.0.0.1:1/none"},
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "60", "True"], result.stderr


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server not installed")
def test_a_worker_lives_through_a_redis_restart(tmp_path):
    """A real worker process (prefork, as in docker-compose) on a Redis of its own; Redis stops for a few seconds
    and starts again on the same port: the worker reconnects and runs the next task."""
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/15"

    def start_redis():
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                return process
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def ping(timeout):
        code = ("import django; django.setup(); from joutsa_tyollisyys.tasks import ping; "
                f"print(ping.delay().get(timeout={timeout}))")
        return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=timeout + 30).stdout.strip()

    env = {**os.environ, "REDIS_URL": url, "DJANGO_SETTINGS_MODULE": "joutsa_tyollisyys.settings",
           "PYTHONPATH": str(ROOT)}
    redis = start_redis()
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "joutsa_tyollisyys", "worker", "--concurrency=1", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        assert ping(30) == "pong"
        redis.kill()
        redis.wait()
        time.sleep(4)
        redis = start_redis()
        assert ping(40) == "pong", (tmp_path / "worker.log").read_text()[-3000:]
        assert worker.poll() is None
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
        redis.kill()
        redis.wait()
        log.close()


@pytest.mark.django_db
def test_the_job_page_says_when_an_import_has_not_started(make_user, login):
    from joutsa_tyollisyys.roles import Role
    from payment_share import services

    clerk = make_user(Role.OFFICE_CLERK, username="clerk")
    job = services.import_upload(actor=clerk, file=upload_file("payment_share_sample.csv")).job
    http = login(clerk)
    ImportJob.objects.filter(pk=job.pk).update(queued_at=timezone.now() - timedelta(seconds=20))
    progress = reverse("payment_share:job_progress", args=[job.pk])
    assert "Tuonti ei ole vielä alkanut" not in http.get(progress).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(queued_at=timezone.now() - timedelta(minutes=3))
    page = http.get(progress).content.decode()
    assert "Tuonti ei ole vielä alkanut: taustapalvelu on kiireinen" in page and "15 minuutin" in page
