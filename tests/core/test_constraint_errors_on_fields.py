"""Issue 19 item 7: a model constraint's sentence is shown beside the field it is about, never as the database's
"Rajoitetta … loukataan" and not only at the top of the form (joutsa_tyollisyys/constraints.py). One test per
kind of constraint through a form the users post, and every constraint's field is checked to exist."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint, UniqueConstraint
from django.utils import timezone

from joutsa_tyollisyys.constraints import constraint_field
from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory

OUR_APPS = {"joutsa_tyollisyys", "clients", "activation", "rehab_work", "obligation_employment", "payment_share",
            "health_cooperation", "workshop", "reporting"}
CONSTRAINTS = [(model, c) for model in apps.get_models()
               if model._meta.app_label in OUR_APPS and not model.__name__.startswith("Historical")
               for c in model._meta.constraints]
DATABASE_WORDS = ("Rajoite", "loukataan", "Constraint", "violated", "IntegrityError", "UNIQUE")


def _error_beside(html: str, field: str) -> str:
    """The text of the error crispy renders under ``field`` ("" when there is none)."""
    found = re.findall(rf'id="error_\d+_id_{field}"[^>]*>(.*?)</', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", f) for f in found)


@pytest.mark.parametrize(("model", "constraint"), CONSTRAINTS, ids=lambda x: getattr(x, "name", ""))
def test_every_constraint_names_a_field_of_its_model(model, constraint):
    assert isinstance(constraint, (UniqueConstraint, CheckConstraint))
    field = constraint_field(model, constraint)
    assert field in {f.name for f in model._meta.get_fields()}, constraint.name
    assert hasattr(model, "validate_constraints") and "ConstraintErrorsOnFields" in [
        base.__name__ for base in model.__mro__], model.__name__


@pytest.mark.django_db
def test_check_constraint_period_ending_before_it_starts_is_beside_the_end_date(coach, login):
    from tests.rehab_work.factories import PlacementFactory

    client = ClientFactory(responsible_worker=coach)
    placement = PlacementFactory()
    start = timezone.localdate() + timedelta(days=10)
    response = login(coach).post(f"/workshop/clients/{client.pk}/periods/new/", {
        "kind": "work_trial", "placement": placement.pk, "start_date": start.strftime("%d.%m.%Y"),
        "end_date": (start - timedelta(days=3)).strftime("%d.%m.%Y"), "content": "Kiinteistöhuolto",
        "goals": "Työkyky",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jakso ei voi päättyä ennen kuin se alkaa" in _error_beside(html, "end_date")
    assert not any(word in html for word in DATABASE_WORDS)
    assert not client.service_periods.exists() if hasattr(client, "service_periods") else True


@pytest.mark.django_db
def test_unique_constraint_of_two_fields_is_beside_the_field_the_user_typed(make_user, login):
    from workshop.models import CompetenceArea, Qualification

    admin_user = make_user(Role.ADMIN, username="admin", is_staff=True)
    qualification = Qualification.objects.first()
    CompetenceArea.objects.create(qualification=qualification, name="Siivous")
    response = login(admin_user).post("/admin/workshop/competencearea/add/", {
        "qualification": qualification.pk, "name": "Siivous", "order": "1", "active": "on",
    })
    html = response.content.decode()
    assert response.status_code == 200
    errors = re.search(r'class="form-row[^"]*field-name[^"]*"(.*?)</div>\s*</div>', html, re.S)
    assert errors and "Tutkinnolla on jo tämänniminen osa-alue." in errors.group(1)
    assert not any(word in html for word in DATABASE_WORDS)
    assert CompetenceArea.objects.filter(name="Siivous").count() == 1


@pytest.mark.django_db
def test_conditional_unique_constraint_is_on_the_slot(coach):
    """A slot booked by someone else (only a booking that is not cancelled counts)."""
    from health_cooperation.models import SoteBooking
    from tests.health_cooperation.factories import BookingFactory

    taken = BookingFactory(client=ClientFactory(responsible_worker=coach))
    again = SoteBooking(slot=taken.slot, client=ClientFactory(), brought_by=taken.brought_by, topic="Työkyky")
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert "slot" in error.value.error_dict and NON_FIELD_ERRORS not in error.value.error_dict
    assert "Tämä aika on jo varattu" in " ".join(error.value.message_dict["slot"])
    taken.status = "cancelled"
    taken.save()
    again.full_clean()  # a cancelled booking leaves the slot free


@pytest.mark.django_db
def test_unique_field_is_beside_the_field(make_user, login):
    from tests.rehab_work.factories import PlacementFactory

    PlacementFactory(name="TyöVarikko 2")
    admin_user = make_user(Role.ADMIN, username="admin", is_staff=True)
    response = login(admin_user).post("/admin/rehab_work/placement/add/", {
        "name": "TyöVarikko 2", "kind": "municipal", "organisation": "Joutsan kunta", "capacity": "3",
        "tasks": "Puutyöt", "active": "on",
    })
    html = response.content.decode()
    errors = re.search(r'class="form-row[^"]*field-name[^"]*"(.*?)</div>\s*</div>', html, re.S)
    assert errors and "on jo olemassa" in errors.group(1)
    assert not any(word in html for word in DATABASE_WORDS)
