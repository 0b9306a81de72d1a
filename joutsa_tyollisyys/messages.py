"""Texts stored now and shown later in the reader's language (issue 19): a notification keeps its English msgid and
its parameters, and is translated when it is shown, so a Swedish reader sees Swedish whoever caused it.

A parameter is a plain value (a name, a number, a date already as d.m.Y, a month as m/Y), a ``Text`` (translated
when shown, e.g. a reason), or a list of those (shown joined by ", ", e.g. role names).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext


@dataclass(frozen=True)
class Text:
    """An English msgid (marked with ``gettext_noop``) with its parameters; ``plural`` and a ``count`` parameter
    for a text whose form follows a number."""

    msgid: str
    params: dict = field(default_factory=dict)
    plural: str = ""

    def as_json(self) -> dict:
        stored = {"msgid": self.msgid, "params": {key: _stored(value) for key, value in self.params.items()}}
        if self.plural:
            stored["plural"] = self.plural
        return stored

    def __str__(self) -> str:
        return render(self.as_json())

    def in_default_language(self) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            return str(self)


def _stored(value):
    if isinstance(value, Text):
        return value.as_json()
    if isinstance(value, list | tuple):
        return [_stored(item) for item in value]
    if isinstance(value, int | float | str) or value is None:
        return value
    return str(value)  # a user, a date already formatted by the caller: its text


def _shown(value):
    if isinstance(value, dict):
        return render(value)
    if isinstance(value, list):
        return ", ".join(str(_shown(item)) for item in value)
    return value


def render(stored: dict) -> str:
    """A stored text (``Text.as_json``) in the active language."""
    params = {key: _shown(value) for key, value in (stored.get("params") or {}).items()}
    if stored.get("plural"):
        text = ngettext(stored["msgid"], stored["plural"], int(params.get("count") or 0))
    else:
        text = gettext(stored["msgid"])
    return text % params if params else text


def msgid_of(lazy_text) -> str:
    """The English msgid of a lazily translated text (a choice's label): stored, and translated when shown."""
    with translation.override(None):
        return str(lazy_text)
