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
    assert "ACCESS_LOG_HMAC_KEY" in result.stderr  # the access log's chain key is a secret like the others


def test_production_check_deploy_is_clean():
    result = _run(
        {
            "DJANGO_ENV": "production",
            "SECRET_KEY": "x" * 30 + "Yz!9" * 10,
            "ALLOWED_HOSTS": "tyollisyys.example",
            "FIELD_ENCRYPTION_KEYS": "salt-one",
            "NATIONAL_ID_HASH_KEY": "hash-key",
            "ACCESS_LOG_HMAC_KEY": "access-log-key",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_passwords_are_hashed_with_argon2_and_old_pbkdf2_hashes_still_work():
    from django.contrib.auth.hashers import check_password, make_password
    from django.test import override_settings

    from joutsa_tyollisyys import settings as project  # the tests run with a fast hasher of their own

    with override_settings(PASSWORD_HASHERS=project.PASSWORD_HASHERS):
        assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
        assert make_password("Joutsa-demo-2026").startswith("argon2$argon2id$")
        old = make_password("Joutsa-demo-2026", hasher="pbkdf2_sha256")
        assert check_password("Joutsa-demo-2026", old)
