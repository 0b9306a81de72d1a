"""The placeholders of an invitation template: which exist, checking a template, filling one in.

Only contact and meeting details can be placed in a letter or a text: never a health or benefit detail (the
placeholders offer none, and words that would reveal one are refused in a template)."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

PLACEHOLDERS = {
    "first_name": _lazy("the person's first names"),
    "last_name": _lazy("the person's last name"),
    "time": _lazy("the proposed time (or “call us”)"),
    "place": _lazy("the place of the meeting"),
    "worker": _lazy("the inviting worker's name"),
    "worker_phone": _lazy("the inviting worker's phone"),
    "unit": _lazy("the service unit"),
    "municipality": _lazy("the municipality"),
    "phone": _lazy("the service's phone"),
}

#: Words that would tell a reader of a letter or a text (a family member, a neighbour) about a person's health
#: or benefits: refused in a template (Finnish and Swedish stems).
SENSITIVE_WORDS = ("terveys", "terveyd", "sairau", "diagnoo", "mielenterv", "päihte", "kuntaosuu", "maksuosuu",
                   "työmarkkinatu", "toimeentulotu", "peruspäivära", "ansiopäivära", "yleistu", "hälsa", "sjukd",
                   "arbetsmarknadsst", "utkomststöd", "kela")


def fields_of(text: str) -> list[str]:
    """The placeholder names of ``text`` (ValueError for a brace without its pair)."""
    return [name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None]


def template_errors(text: str) -> list[str]:
    try:
        names = fields_of(text)
    except ValueError:
        return [_("A brace { or } has no pair: write placeholders as {first_name}.")]
    errors = []
    unknown = [name for name in dict.fromkeys(names) if name not in PLACEHOLDERS]
    for name in unknown:
        errors.append(_("Unknown placeholder {%(name)s}. Allowed: %(allowed)s.") % {
            "name": name, "allowed": ", ".join(f"{{{key}}}" for key in PLACEHOLDERS)})
    lowered = text.lower()
    sensitive = [word for word in SENSITIVE_WORDS if word in lowered]
    if sensitive:
        errors.append(_("A letter or a text message must not reveal health or benefit details: remove “%(word)s”.")
                      % {"word": sensitive[0]})
    return errors


def validate_template_fields(fields: dict):
    errors = {name: messages for name, text in fields.items() if (messages := template_errors(text or ""))}
    if errors:
        raise ValidationError(errors)


def fill(text: str, values: dict) -> str:
    """``text`` with its placeholders filled in (a template is validated when saved; an unknown one stays as
    it is rather than breaking a round)."""
    return string.Formatter().vformat(text, (), _Values(values))


class _Values(dict):
    def __missing__(self, key):
        return "{" + key + "}"
