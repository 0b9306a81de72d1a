"""Extension points: how later apps plug into the client page, the front page and the navigation
without editing ``clients/`` or the base template. Apps register in their ``AppConfig.ready()``."""

from collections.abc import Callable
from dataclasses import dataclass, field

from .rows import read_on


@dataclass(frozen=True)
class ClientSection:
    """A section of the client page.

    Without ``fetch``: ``get_context(request, client)`` returns the template context, or ``None`` to hide the
    section for this user; it may run its own queries.

    With ``fetch`` (the way to add a section: it then costs no query of its own, whatever its number of
    rows): ``fetch(request, client)`` checks the user's permission and returns ``None`` to hide the section,
    or the section's reads as annotations on the client's row: a dict of name → expression, typically
    ``joutsa_tyollisyys.rows.RelatedRows(...)`` for a list (rows correlated on ``OuterRef("pk")``),
    ``Exists``/``Subquery`` for single values. The client page evaluates the annotations of all visible
    sections in one query and then calls ``get_context(request, client, data)``, ``data`` holding the values
    under the same names; it may still return ``None`` (say, nothing to show).
    """

    key: str
    title: str
    template: str
    get_context: Callable
    order: int = 100
    fetch: Callable | None = None


@dataclass(frozen=True)
class DashboardPanel:
    """A panel on a role's front page ('Oma työpöytä'), shown to users with one of ``roles``.

    Like ``ClientSection``: without ``fetch``, ``get_context(request)`` → dict or None, with queries of its own.
    With ``fetch`` (no query of its own): ``fetch(request)`` → ``None`` (not for this user) or a dict of
    annotations read on the user's row (``OuterRef("pk")`` is the user; querysets may also name the user),
    all panels in one query; then ``get_context(request, data)`` → dict or None.
    """

    key: str
    title: str
    template: str
    get_context: Callable
    roles: frozenset = field(default_factory=frozenset)
    order: int = 100
    fetch: Callable | None = None


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset
    order: int = 100


client_sections: list[ClientSection] = []
dashboard_panels: list[DashboardPanel] = []
nav_items: list[NavItem] = []


def contexts(parts, anchor, *args, also=None):
    """Render ``parts`` (client sections or dashboard panels) for one page: each part's ``fetch(*args)``, the
    annotations of all of them (and ``also``: more annotations the page itself wants) read together on
    ``anchor``'s row in one query, then each part's ``get_context(*args[, data])``.

    Returns ``([(part, context)] of the parts to show, {name: value} of also)``."""
    wanted, annotations = [], {("", name): expression for name, expression in (also or {}).items()}
    for part in parts:
        if part.fetch is None:
            wanted.append((part, None))
            continue
        asked = part.fetch(*args)
        if asked is None:
            continue  # not for this user
        annotations.update({(part.key, name): expression for name, expression in asked.items()})
        wanted.append((part, list(asked)))
    values = read_on(anchor, annotations)
    shown = []
    for part, names in wanted:
        if names is None:
            context = part.get_context(*args)
        else:
            context = part.get_context(*args, {name: values[part.key, name] for name in names})
        if context is not None:
            shown.append((part, context))
    return shown, {name: values["", name] for name in also or {}}


def _add(registry, item):
    if any(existing.__dict__.get("key", existing) == item.__dict__.get("key", item) for existing in registry):
        return
    registry.append(item)
    registry.sort(key=lambda i: i.order)


def register_client_section(section: ClientSection):
    _add(client_sections, section)


def register_dashboard_panel(panel: DashboardPanel):
    _add(dashboard_panels, panel)


def register_nav_item(item: NavItem):
    if item not in nav_items:
        nav_items.append(item)
        nav_items.sort(key=lambda i: i.order)


#: Models the admin role manages in Django admin ("app_label.model"): users, placements, rate tables.
admin_models: set[str] = {"core.user", "core.team", "auth.group", "core.lawruleset"}


def register_admin_models(*labels: str):
    admin_models.update(label.lower() for label in labels)


@dataclass(frozen=True)
class ClientExport:
    """One part of a client's GDPR data export (see ``joutsa_tyollisyys.exports``).

    ``rows(client, viewer)`` returns a list of dicts (field → value), or ``None`` when the part is not for this
    viewer (an ``exports.ExportViewer``: it honours the same permission as the page that shows the rows);
    ``models``: the models ("app_label.model") the part exports — every model that refers to a client must be
    in some part (``tests/security/test_gdpr_export.py``). Most parts are made by ``exports.model_part``.
    """

    key: str
    title: str
    rows: Callable
    order: int = 100
    models: tuple = ()


client_exports: list[ClientExport] = []


def register_client_export(export: ClientExport):
    _add(client_exports, export)
