"""No client's name or national id in the name of any downloaded file (issue 23, item 6): a file name is seen
in downloads folders, mail attachments and proxy logs. Walks every GET of the permission matrix."""

import re

import pytest
from django.test import Client as HttpClient

from clients.models import Client
from tests.matrix import ANONYMOUS
from tests.security.test_matrix_wide import GET_CASES, _a_permitted_role, _url
from tests.test_permission_matrix import build_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("case", GET_CASES, ids=lambda c: c.key)
def test_no_name_or_national_id_in_a_downloaded_file_name(case):
    world = build_world()
    role = _a_permitted_role(case)
    if role is None:
        pytest.skip("no role may open this page")
    http = HttpClient()
    if role != ANONYMOUS:
        http.force_login(world.users[role])
    response = http.get(_url(case, world))
    disposition = response.get("Content-Disposition", "")
    if not disposition:
        return
    told = disposition.lower()
    for person in Client.objects.all():
        for part in (person.first_name, person.last_name, person.national_id, person.national_id[:6]):
            # a name as a word of the file name ("anne" is in "neljannesvuodet" but names no one)
            assert not re.search(rf"(?<![a-zåäö0-9]){re.escape(part.lower())}(?![a-zåäö0-9])", told), (
                f"{case.url_name}: {disposition}")
