"""Issue 19: the front page's activation panel says that it lists overdue reviews too, and marks them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from joutsa_tyollisyys.roles import Role
from tests.activation.factories import agreed_plan
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_overdue_reviews_are_named_and_marked(make_user, login):
    coach = make_user(Role.COACH, username="panel_coach")
    today = timezone.localdate()
    agreed_plan(ClientFactory(responsible_worker=coach, first_name="Myöhä", last_name="Mäki"),
                review_by=today - timedelta(days=1))
    agreed_plan(ClientFactory(responsible_worker=coach, first_name="Ajassa", last_name="Aho"),
                review_by=today)
    html = login(coach).get("/").content.decode()
    panel = html[html.index("Myöhässä olevat ja 30 päivän sisällä erääntyvät arvioinnit"):]
    overdue, due_today = panel[panel.index("Myöhä Mäki"):], panel[panel.index("Ajassa Aho"):]
    assert overdue[:overdue.index("</li>")].endswith('<span class="text-overdue">(myöhässä)</span>')
    assert "myöhässä" not in due_today[:due_today.index("</li>")]
