"""No English or code names on screen: change histories, access-log rows, role names, the superuser box and the
third-party admin texts speak the user's language (issue 19, item 5)."""

import pytest
from django.utils import translation

from joutsa_tyollisyys.access_log import log_access
from joutsa_tyollisyys.access_log_words import WHAT, describe_what
from joutsa_tyollisyys.history import describe_history
from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def _history_of(client):
    return describe_history(client.history.order_by("-history_date"))


@pytest.mark.parametrize(
    ("language", "created", "changed"),
    [("fi", "Luotu", "Muutettu: tila: Aktiivinen → Ei aktiivinen"),
     ("sv", "Skapad", "Ändrad: status: Aktiv → Inaktiv")],
)
def test_a_change_history_says_the_kind_the_field_and_the_values_in_words(language, created, changed):
    client = ClientFactory(status="active")
    client.status = "inactive"
    client.save()
    with translation.override(language):
        newest, oldest = _history_of(client)
    assert oldest.summary == created
    assert newest.summary == changed


def test_a_changed_text_shows_its_name_but_never_its_content():
    client = ClientFactory(health_notes="")
    client.health_notes = "Selkävaiva, ei nostoja"
    client.save()
    with translation.override("fi"):
        newest, _oldest = _history_of(client)
    assert newest.summary == "Muutettu: terveyteen liittyvät merkinnät"
    assert "Selkä" not in newest.summary


@pytest.mark.parametrize(
    ("what", "fi", "sv"),
    [("client page", "Asiakkaan sivu", "Klientens sida"),
     ("KEHA compensation claim 3", "Valtionkorvauksen tilitys KEHA-keskukselle 3",
      "Redovisning för statlig ersättning till KEHA-centret 3"),
     ("attendance statement 2026-03", "Läsnäoloselvitys 3/2026", "Närvaroredogörelse 3/2026")],
)
def test_an_access_log_row_says_what_was_read_in_words(what, fi, sv):
    for language, words in (("fi", fi), ("sv", sv)):
        with translation.override(language):
            assert describe_what(what) == words


def test_every_code_the_views_log_has_words():
    """Each literal ``what=`` in the views is listed (or matched by a pattern): no code reaches the screen."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    codes = set()
    for path in root.glob("*/*.py"):
        if ".venv" in path.parts or path.parts[-2] == "tests":
            continue
        codes |= set(re.findall(r'what="([^"]+)"', path.read_text(encoding="utf-8")))
    with translation.override("fi"):
        untranslated = sorted(code for code in codes if describe_what(code) == code)
    assert not untranslated
    from rehab_work.views import PDF_DOCUMENTS

    assert all(what in WHAT for _template, _filename, what in PDF_DOCUMENTS.values())


def test_the_access_log_in_administration_shows_words_not_codes(make_user, login):
    admin = make_user(Role.ADMIN, username="admin", is_staff=True)
    client = ClientFactory()
    log_access(user=admin, client=client, action="view", what="client page")
    page = login(admin).get(f"/admin/core/accesslogentry/?client_id={client.pk}").content.decode()
    assert "Asiakkaan sivu" in page and "client page" not in page


def test_the_user_form_names_roles_and_tells_the_superuser_box_from_the_administrator_role(make_user, login):
    # A superuser: only a superuser may make superusers, so only their form has the box (issue 23).
    admin = make_user(Role.ADMIN, username="admin", is_staff=True, is_superuser=True)
    coach = make_user(Role.COACH, username="coach")
    http = login(admin)
    page = http.get(f"/admin/core/user/{coach.pk}/change/").content.decode()
    assert ">Valmentaja</option>" in page and ">Toimistovirkailija</option>" in page
    assert ">coach</option>" not in page and ">office_clerk</option>" not in page
    assert "Järjestelmän pääkäyttäjä (superuser)" in page
    users = http.get("/admin/core/user/").content.decode()
    assert ">Toimistovirkailija</a>" in users and ">office_clerk<" not in users


def test_the_administration_index_has_no_english_headings(make_user, login):
    admin = make_user(Role.ADMIN, username="admin", is_staff=True, is_superuser=True)
    page = login(admin).get("/admin/").content.decode()
    assert "Ajastetut tehtävät" in page
    assert "Periodic Tasks" not in page and "Periodic tasks" not in page
    assert "Kirjautumisyritykset" in page and "Access attempts" not in page and "Access failures" not in page
    assert "Model name" not in page and "Add link" not in page


@pytest.mark.parametrize(
    ("what", "fi"),
    [("KEHA claim 3", "KEHA-keskukselle tehdyn valtionkorvauksen tilityksen 3 osallistujat"),
     ("workshop group 5: add a participant", "Työpajan ryhmä 5: osallistujan lisääminen"),
     ("activation list: Nuoret", "Aktivointisuunnitelmien lista (Nuoret)"),
     ("access log extract 01.01.2026–31.01.2026", "Tämä lokiote, ajanjakso 01.01.2026–31.01.2026")],
)
def test_the_log_extract_and_administration_share_the_words(what, fi):
    from clients import log_extract

    assert not hasattr(log_extract, "WHAT_WORDS")  # one table: joutsa_tyollisyys.access_log_words
    with translation.override("fi"):
        assert describe_what(what) == fi


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_text_of_the_periodic_tasks_admin_is_translated(language):
    """django-celery-beat ships no Finnish or Swedish: its labels, help texts and messages are in our catalogues."""
    import ast
    from pathlib import Path

    import django_celery_beat
    from django.utils import translation

    package = Path(django_celery_beat.__file__).parent
    texts = set()
    for source in ("admin.py", "models.py", "validators.py"):
        tree = ast.parse((package / source).read_text())
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"_", "gettext_lazy", "gettext"}
                    and node.args and isinstance(node.args[0], ast.Constant)):
                texts.add(node.args[0].value)
    assert len(texts) > 80
    with translation.override(language):
        untranslated = sorted(text for text in texts if translation.gettext(text) == text)
    assert untranslated == []


def test_the_periodic_task_form_helps_in_finnish(make_user, login):
    admin = make_user(Role.ADMIN, username="admin", is_staff=True, is_superuser=True)
    page = login(admin).get("/admin/django_celery_beat/periodictask/add/").content.decode()
    assert "Sijaintiargumentit JSON-muodossa" in page and "Valitse vain yksi ajastustapa" in page
    assert "Set only one schedule type" not in page and "JSON encoded" not in page
    crontab = login(admin).get("/admin/django_celery_beat/crontabschedule/add/").content.decode()
    assert "Use \"*\" for" not in crontab and "tarkoittaa kaikkia" in crontab
