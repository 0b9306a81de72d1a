"""Change histories (django-simple-history) in words: what kind of change, which fields, from what to what.

Every history on the screen goes through ``describe_history``: the kind of change in the user's language
("Luotu", "Muutettu"), the fields by their verbose names and the values as the user reads them ("tila: Luonnos
→ Hyväksytty"). Values are shown only for fields whose value is a choice, a yes/no, a date or a number: a
changed text (notes, a national id) shows only its name, so a history never repeats confidential text."""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

KINDS = {
    "+": pgettext_lazy("history", "Created"),
    "~": pgettext_lazy("history", "Changed"),
    "-": pgettext_lazy("history", "Deleted"),
}
#: Fields that are bookkeeping, not a change a user made.
HIDDEN = frozenset({"version", "updated_at", "modified", "hash", "prev_hash"})


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: str | None = None
    new: str | None = None

    def __str__(self):
        if self.old is None and self.new is None:
            return self.name
        return f"{self.name}: {self.old} → {self.new}"


def _shown(field, value) -> str | None:
    """The value in words, or None when the field's values are not shown."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateTimeField):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(field, models.DateField):
        return value.strftime("%d.%m.%Y")
    if isinstance(field, models.DecimalField):
        return number_format(value, decimal_pos=field.decimal_places, force_grouping=True)
    if isinstance(field, (models.IntegerField, models.FloatField)) and not field.primary_key:
        return number_format(value, force_grouping=True)
    return None


def field_changes(record, previous) -> list[FieldChange]:
    """The fields ``record`` changed compared with ``previous`` (both history rows of the same object)."""
    model = record.instance_type
    changes = []
    for change in record.diff_against(previous).changes:
        if change.field in HIDDEN:
            continue
        field = model._meta.get_field(change.field)
        old, new = _shown(field, change.old), _shown(field, change.new)
        if old is None or new is None:
            changes.append(FieldChange(str(field.verbose_name)))
        else:
            changes.append(FieldChange(str(field.verbose_name), old, new))
    return changes


def describe_history(records) -> list:
    """Set ``kind`` (words), ``changes`` (FieldChange list) and ``summary`` on each history row.

    ``records`` may hold rows of several objects in any order; each row is compared with the previous row of
    the same object among them (no extra queries). Returns the rows in the order given."""
    records = list(records)
    previous_of = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        previous = previous_of.get(record.id)
        record.kind = str(KINDS.get(record.history_type, record.history_type))
        record.changes = field_changes(record, previous) if previous is not None and record.history_type == "~" else []
        record.summary = record.kind + (": " + "; ".join(map(str, record.changes)) if record.changes else "")
        previous_of[record.id] = record
    return records
