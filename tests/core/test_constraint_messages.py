"""Issue 19: a database constraint's own text ("Rajoitetta … loukataan") never reaches a user. Every constraint of
our models carries a sentence that says what is wrong, in Finnish and Swedish, and a service's validation (which
runs the model's constraints in full_clean) shows it on the form."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import BaseConstraint
from django.utils import translation

OUR_APPS = {"core", "clients", "activation", "rehab_work", "obligation_employment", "payment_share",
            "health_cooperation", "workshop", "reporting"}
CONSTRAINTS = [(model, c) for model in apps.get_models() if model._meta.app_label in OUR_APPS
               for c in model._meta.constraints]


def test_the_constraints_are_found():
    assert len(CONSTRAINTS) >= 20


@pytest.mark.parametrize(("model", "constraint"), CONSTRAINTS, ids=lambda x: getattr(x, "name", ""))
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_constraint_says_what_is_wrong(model, constraint, language):
    default = BaseConstraint.default_violation_error_message
    assert constraint.violation_error_message != default, f"{constraint.name}: add violation_error_message"
    with translation.override(language):
        text = str(constraint.get_violation_error_message())
    with translation.override("en"):
        english = str(constraint.get_violation_error_message())
    assert text != english and constraint.name not in text, (language, text)


@pytest.mark.django_db
def test_a_violation_through_full_clean_is_the_sentence():
    from tests.factories import ClientFactory
    from tests.workshop.factories import GroupFactory
    from workshop.models import GroupParticipant

    group, client = GroupFactory(), ClientFactory()
    GroupParticipant.objects.create(group=group, client=client, joined_on=group.first_day)
    with translation.override("fi"), pytest.raises(ValidationError) as error:
        GroupParticipant(group=group, client=client, joined_on=group.first_day).full_clean()
    assert "Asiakas on jo tässä ryhmässä." in str(error.value) and "Rajoite" not in str(error.value)
