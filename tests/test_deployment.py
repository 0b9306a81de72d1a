"""Production's files: docker-compose and gunicorn's settings (there is no Docker engine here to run them)."""

import re
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
    assert compose["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]  # behind the host's TLS proxy only
    web = compose["services"]["web"]["command"]
    assert "gunicorn joutsa_tyollisyys.wsgi:application" in web and "--workers" not in web  # gunicorn.conf.py
    assert "gunicorn.conf.py" in (ROOT / "Dockerfile").read_text()


def _audit(tmp_path, report):
    """``make audit``'s pip-audit step with a stand-in pip-audit that writes ``report`` (no network here)."""
    import json
    import os
    import subprocess
    import sys

    fake = tmp_path / "pip-audit"
    fake.write_text(
        f"#!{sys.executable}\nimport sys\nargs = sys.argv\n"
        + (f"open(args[args.index('--output') + 1], 'w').write({json.dumps(json.dumps(report))})\n" if report
           else "sys.exit('ConnectionError: could not reach the index')\n")
    )
    fake.chmod(0o755)
    return subprocess.run([sys.executable, str(ROOT / ".ci" / "pip_audit.py"), "--skip-editable"],
                          env={**os.environ, "PIP_AUDIT": str(fake)}, capture_output=True, text=True)


def test_make_audit_uses_the_plain_pip_audit_report():
    assert "$(BIN)/python .ci/pip_audit.py" in (ROOT / "Makefile").read_text()


def test_audit_says_plainly_when_pip_audit_could_look_nothing_up(tmp_path):
    offline = {"dependencies": [{"name": "django", "version": "5.2.19", "skip_reason": "could not be audited"},
                                {"name": "celery", "version": "5.5.3", "skip_reason": "could not be audited"}]}
    result = _audit(tmp_path, offline)
    assert result.returncode == 2 and "NO vulnerability check was done" in result.stdout
    assert "not looked up: django" in result.stdout
    result = _audit(tmp_path, None)  # pip-audit itself failed
    assert result.returncode == 2 and "NOT checked" in result.stdout


def test_audit_passes_clean_and_fails_on_a_known_vulnerability(tmp_path):
    clean = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []},
                              {"name": "local-thing", "version": "1", "skip_reason": "not on PyPI"}]}
    result = _audit(tmp_path, clean)
    assert result.returncode == 0 and "looked up 1 of 2 packages: no known vulnerabilities" in result.stdout
    bad = {"dependencies": [{"name": "django", "version": "5.2.1", "vulns": [
        {"id": "PYSEC-1", "fix_versions": ["5.2.2"]}]}]}
    result = _audit(tmp_path, bad)
    assert result.returncode == 1 and "VULNERABLE django 5.2.1: PYSEC-1 (fixed in 5.2.2)" in result.stdout


def _pinned(lock: Path) -> dict:
    text = lock.read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", text, re.M))
    return {name.lower().replace("_", "-"): version for name, version in pins.items()}


def _names(requirements) -> set:
    return {re.split(r"[\[<>=!~ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_the_lock_pins_every_dependency_with_hashes():
    """Reproducible installs (issue 22): every dependency range of pyproject.toml is pinned in the lock, every pin
    carries hashes, and make, CI and the Dockerfile install from the lock with --require-hashes."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base, dev = _pinned(ROOT / "requirements" / "base.txt"), _pinned(ROOT / "requirements" / "dev.txt")
    assert _names(project["dependencies"]) <= set(base), "run `make lock`"
    assert _names(project["dependencies"] + project["optional-dependencies"]["dev"]) <= set(dev), "run `make lock`"
    assert all(dev[name] == version for name, version in base.items() if name in dev)
    for lock in ("base.txt", "dev.txt"):
        blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / "requirements" / lock).read_text())
        assert all("--hash=sha256:" in b for b in blocks if re.match(r"[A-Za-z0-9_.\-]+==", b))
    assert "--require-hashes -r requirements/dev.txt" in (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements/base.txt" in (ROOT / "Dockerfile").read_text()
    assert "--requirement requirements/dev.txt" in (ROOT / "Makefile").read_text()  # pip-audit reads the lock
