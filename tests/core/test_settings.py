import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(env_extra, *args):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secrets():
    result = _run({"DJANGO_ENV": "production"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_production_check_deploy_is_clean():
    result = _run(
        {
            "DJANGO_ENV": "production",
            "SECRET_KEY": "x" * 30 + "Yz!9" * 10,
            "ALLOWED_HOSTS": "tyollisyys.example",
            "FIELD_ENCRYPTION_KEYS": "salt-one",
            "NATIONAL_ID_HASH_KEY": "hash-key",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
