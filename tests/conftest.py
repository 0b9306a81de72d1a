import os
import shutil
from pathlib import Path

import pytest
from django.test import Client as HttpClient

from joutsa_tyollisyys.roles import Role

# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser tests are
# ordinary synchronous test code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = next(
    (
        p
        for p in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium"))
        if p and Path(p).exists()
    ),
    None,
)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True)
def _fast_and_eager(settings, tmp_path_factory):
    """Fast password hashing, eager Celery (a dedicated test uses the real broker), no axes noise, an empty
    cache (drawn report charts are cached), the access log's checkpoints in a directory of the test's own."""
    from django.core.cache import cache
    from django.utils import translation

    from joutsa_tyollisyys.celery import app

    translation.activate(settings.LANGUAGE_CODE)  # every test starts in Finnish, whatever ran before
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ACCESS_LOG_CHECKPOINT_DIR = tmp_path_factory.mktemp("access-log")
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.SMS_BACKEND = "messaging.backends.locmem.SmsBackend"  # sent texts in messaging.backends.locmem.outbox
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    cache.clear()
    from messaging.backends import locmem

    locmem.outbox.clear()
    yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if CHROMIUM is None:
        message = "No Chromium found at /usr/bin/chromium (apt-get install chromium): browser tests need it."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """An office desktop: Finnish locale, a full-width navigation bar."""
    return {**browser_context_args, "locale": "fi-FI", "viewport": {"width": 1600, "height": 900}}


@pytest.fixture
def make_user(db):
    from tests.factories import UserFactory

    def make(role=Role.COACH, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def coach(make_user):
    return make_user(Role.COACH, username="coach")


@pytest.fixture
def login():
    def make(user):
        http = HttpClient()
        http.force_login(user)
        return http

    return make


#: Reference data seeded by data migrations (rate tables, maintained lists). A transactional test's flush
#: removes them; browser tests put them back before they start, so their order does not matter.
SEED_MIGRATIONS = [
    "activation.migrations.0002_service_types",
    "health_cooperation.migrations.0002_seed_examination_types",
    "joutsa_tyollisyys.migrations.0005_seed_law_rule_sets",
    "outreach.migrations.0002_seed_invitation_template",
    "obligation_employment.migrations.0002_seed_rates_and_settings",
    "payment_share.migrations.0002_seed_2015_2024_bands",
    "payment_share.migrations.0006_seed_share_rule_sets",
    "rehab_work.migrations.0002_seed_rates",
    "workshop.migrations.0002_seed_qualifications_and_limits",
]


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if request.node.get_closest_marker("browser") is None and not transactional:
        yield
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    for name in SEED_MIGRATIONS:
        migration = importlib.import_module(name).Migration
        for operation in migration.operations:
            if hasattr(operation, "code"):
                operation.code(apps, None)  # every seed is get_or_create / update_or_create
    yield


@pytest.fixture
def real_broker_turn(tmp_path_factory):
    """The tests that start a Celery worker on the real broker (REDIS_URL) take turns across xdist processes: their
    workers share one queue, and each process has a database of its own, so a worker running at the same time in
    another process would take this test's task and run it on the wrong database."""
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every xdist process of this run
    with FileLock(str(shared / "real-broker.lock")):
        yield
