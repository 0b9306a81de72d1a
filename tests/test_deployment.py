"""Production's files: docker-compose and gunicorn's settings (there is no Docker engine here to run them)."""

import runpy
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_gunicorn_runs_threads_and_reads_its_sizes_from_the_environment(monkeypatch):
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["worker_class"] == "gthread" and (settings["workers"], settings["threads"]) == (3, 4)
    assert settings["accesslog"] == "-" and settings["timeout"] >= 60
    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    monkeypatch.setenv("GUNICORN_THREADS", "8")
    monkeypatch.setenv("GUNICORN_ACCESS_LOG", "")
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (settings["workers"], settings["threads"], settings["accesslog"]) == (2, 8, None)


def test_each_gunicorn_worker_imports_the_views_and_freezes_what_is_loaded(db):
    """A worker's long-lived objects out of the garbage collector's reach (``joutsa_tyollisyys.server``)."""
    import gc

    from django.urls import get_resolver

    get_resolver().__dict__.pop("url_patterns", None)  # as in a new process: the views not imported yet
    gc.unfreeze()
    try:
        runpy.run_path(str(ROOT / "gunicorn.conf.py"))["post_worker_init"](worker=None)
        assert get_resolver().__dict__.get("url_patterns")  # read (and cached) before any request
        assert gc.get_freeze_count() > 10_000  # Django and the apps at least
    finally:
        gc.unfreeze()


def test_compose_runs_the_five_services_with_a_shared_cache_and_the_gunicorn_settings():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert set(compose["services"]) == {"web", "worker", "beat", "db", "redis"}
    environment = compose["x-app"]["environment"]
    assert environment["CACHE_URL"].startswith("redis://redis:6379/") and environment["REDIS_URL"] != environment[
        "CACHE_URL"]
    web = compose["services"]["web"]["command"]
    assert "gunicorn joutsa_tyollisyys.wsgi:application" in web and "--workers" not in web  # gunicorn.conf.py
    assert "gunicorn.conf.py" in (ROOT / "Dockerfile").read_text()
