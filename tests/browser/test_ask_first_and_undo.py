"""Issue 19 item 9, from the coach's seat: cancelling a meeting asks first, and "Kumoa" brings it back; the
meeting notes show how many characters are left."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clients.models import Meeting
from joutsa_tyollisyys.demo import ensure_demo_users
from tests.browser.conftest import assert_accessible
from tests.factories import ClientFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_coach_cancels_a_meeting_after_a_question_and_undoes_it(page, live_server, log_in):
    coach = ensure_demo_users()["valmentaja"]
    client = ClientFactory(responsible_worker=coach, first_name="Aino", last_name="Kumoaja")
    meeting = MeetingFactory(client=client, worker=coach, status="planned",
                             starts_at=timezone.now() + timedelta(days=3))
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "valmentaja")
    page.goto(f"{live_server.url}{client.get_absolute_url()}")

    page.get_by_role("button", name="Peru tapaaminen").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Peruutetaanko tapaaminen?").wait_for()
    assert dialog.get_by_role("button", name="Ei, palaa takaisin").evaluate("b => b === document.activeElement")
    assert_accessible(page)
    dialog.get_by_role("button", name="Ei, palaa takaisin").click()  # changed their mind: nothing happens
    assert not dialog.is_visible()
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"

    page.get_by_role("button", name="Peru tapaaminen").click()
    page.get_by_role("dialog").get_by_role("button", name="Kyllä, peru tapaaminen").click()
    page.get_by_text("Tapaaminen peruttu.").wait_for()
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"
    assert page.get_by_text("(mahdollista 15 minuutin ajan)").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Kumoa").click()
    page.get_by_text("Kumottu: tapaaminen on taas suunniteltu.").wait_for()
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"
    assert page.get_by_role("button", name="Peru tapaaminen").is_visible()


def test_without_javascript_the_question_is_a_page_of_its_own(browser, live_server, log_in):
    coach = ensure_demo_users()["valmentaja"]
    client = ClientFactory(responsible_worker=coach)
    meeting = MeetingFactory(client=client, worker=coach, status="planned",
                             starts_at=timezone.now() + timedelta(days=3))
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, "valmentaja")
    page.goto(f"{live_server.url}{client.get_absolute_url()}")
    page.get_by_role("button", name="Peru tapaaminen").click()
    page.get_by_role("heading", name="Peruutetaanko tapaaminen?").wait_for()
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"
    page.get_by_role("button", name="Kyllä, peru tapaaminen").click()
    page.get_by_text("Tapaaminen peruttu.").wait_for()
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"
    context.close()


def _spaced(text):
    return text.replace("\xa0", " ").replace("\u202f", " ")


def test_the_meeting_notes_count_the_characters_left(page, live_server, log_in):
    coach = ensure_demo_users()["valmentaja"]
    client = ClientFactory(responsible_worker=coach)
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "valmentaja")
    page.goto(f"{live_server.url}/clients/{client.pk}/meetings/log/")
    notes = page.get_by_label("Muistiinpanot (luottamuksellinen)")
    counter = page.locator("#id_notes-counter")
    assert counter.is_visible() and "Merkkejä jäljellä: 10 000 / 10 000" in _spaced(counter.inner_text())
    notes.fill("Asiakas kertoi työkokeilusta.")
    assert "Merkkejä jäljellä: 9 971 / 10 000" in _spaced(counter.inner_text())
    assert counter.get_attribute("aria-live") == "polite"
    assert "id_notes-counter" in (notes.get_attribute("aria-describedby") or "")
    spoken = page.locator("#id_notes-counter .visually-hidden")
    page.wait_for_function("() => document.querySelector('#id_notes-counter .visually-hidden').textContent !== ''")
    assert _spaced(spoken.text_content()) == "9 971 merkkiä jäljellä"  # announced once the typing pauses
    assert notes.get_attribute("maxlength") == "10000"
    assert_accessible(page)
