"""Errors beside the field (issue 19): a model constraint's sentence is shown next to the field it is about.

Django 5.2's ``Model.validate_constraints`` puts a CheckConstraint's message, and a UniqueConstraint's custom
one, among the form's non-field errors ("__all__"), at the top of the form. Models with constraints take
``ConstraintErrorsOnFields`` first in their bases: each violation goes to the constraint's field, which is

- the model's ``constraint_fields[constraint.name]`` when given (the field the user chooses, e.g. ``"client"``),
- else, for a UniqueConstraint, the last of its fields (``("group", "day")`` → ``day``: the one the user enters
  within the group), for a CheckConstraint the first field its condition names (``end_date__gte=F(...)`` →
  ``end_date``).

Services validate with ``full_clean`` before saving (``save_audited``), so the sentence reaches the form through
``add_service_errors`` before the database could say "Rajoitetta … loukataan".
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router
from django.db.models import CheckConstraint, Q, UniqueConstraint


def _first_field(condition) -> str | None:
    for child in getattr(condition, "children", ()):
        if isinstance(child, Q):
            found = _first_field(child)
            if found:
                return found
        elif isinstance(child, tuple):
            return child[0].split("__")[0]
    return None


def constraint_field(model, constraint) -> str | None:
    explicit = getattr(model, "constraint_fields", {}).get(constraint.name)
    if explicit:
        return explicit
    if isinstance(constraint, UniqueConstraint) and constraint.fields:
        return constraint.fields[-1]
    if isinstance(constraint, CheckConstraint):
        return _first_field(constraint.condition)
    return None


class ConstraintErrorsOnFields:
    constraint_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field = constraint_field(model_class, constraint)
                    key = field if field and field not in (exclude or ()) else NON_FIELD_ERRORS
                    errors.setdefault(key, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)
