"""A client's data export (GDPR art. 15) as parts that every app registers (``extensions.register_client_export``).

Who sees what: a part is shown to the exporting user only when the same permission that guards the page the
data is shown on allows it (``ExportViewer.may``), so an export never holds more than the exporter's pages.
The one exception is the data subject's own right of access: the data-protection officer's *full* export
(``clients.export_full``) holds every part, the full national id and the client's own access-log rows.
"""

from dataclasses import dataclass

from django.apps import apps

from .extensions import ClientExport


@dataclass(frozen=True)
class ExportViewer:
    """The user an export is made for; ``full``: the data subject's own copy (every part, nothing masked)."""

    user: object
    full: bool = False

    def may(self, perm, client) -> bool:
        return self.full or self.user.has_perm(perm, client)


def model_rows(queryset, exclude=()):
    """Rows of a queryset as dicts of verbose field name → display value (``exclude``: field names left out)."""
    rows = []
    for obj in queryset:
        row = {}
        for field in obj._meta.concrete_fields:
            if field.name in exclude:
                continue
            value = getattr(obj, f"get_{field.name}_display")() if field.choices else getattr(obj, field.attname)
            row[str(field.verbose_name)] = value
        rows.append(row)
    return rows


def model_part(key, title, label, client_path, perm, order=100, exclude=()):
    """An export part of every row of model ``label`` ("app.Model") whose ``client_path`` is the client,
    shown to users with ``perm`` on the client (the permission the client's page checks for the same rows)."""

    def rows(client, viewer):
        if not viewer.may(perm, client):
            return None
        model = apps.get_model(label)
        return model_rows(model.objects.filter(**{client_path: client}).order_by("pk"), exclude=exclude)

    return ClientExport(key, title, rows, order, models=(label.lower(),))


def register_model_parts(perm, parts, order=100):
    """Register ``model_part``s that share one permission: ``parts`` = [(key, title, label, client_path)]."""
    from .extensions import register_client_export

    for index, (key, title, label, client_path) in enumerate(parts):
        register_client_export(model_part(key, title, label, client_path, perm, order + index))
