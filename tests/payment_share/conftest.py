from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from joutsa_tyollisyys.roles import Role

DATA = Path(__file__).resolve().parent.parent / "data"


def upload_file(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (DATA / name).read_bytes())


@pytest.fixture
def clerk(make_user):
    return make_user(Role.OFFICE_CLERK, username="clerk")


@pytest.fixture
def counsellor(make_user):
    return make_user(Role.SOCIAL_COUNSELLOR, username="counsellor")


@pytest.fixture
def import_file():
    """Upload and run an import as ``actor`` the way the upload page does; returns (outcome, job)."""
    from payment_share import services

    def run(actor, name="payment_share_sample.csv", content=None, mapping=None):
        outcome = services.import_upload(actor=actor, file=upload_file(name, content), mapping=mapping)
        job = outcome.job
        if job is not None and job.status == "queued":
            job = services.import_start(actor=actor, job_id=job.pk)
        return outcome, job

    return run
