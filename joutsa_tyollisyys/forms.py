"""Form building blocks shared by every app."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .formatting import format_decimal


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class VersionField(forms.IntegerField):
    """Hidden: the version the form was rendered with (optimistic locking)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        """Garbage is not an error on a field nobody sees: it is a version no record has (0), so the save is
        refused as a change made meanwhile; missing stays ``None`` (an edit refuses it: ``services.sent_version``)."""
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return 0


class LongSelect(forms.Select):
    """A choice among hundreds (the workers of a city's employment area): the same HTML as ``Select``, but the
    options are written in Python at once from the choices, without the option dictionaries and the template per
    option that ``Select.get_context`` builds (≈ 120 ms → a few ms for 1,250 workers on a slow machine). Option
    groups and per-option attributes are not needed for these lists."""

    def render(self, name, value, attrs=None, renderer=None):
        from .html import options, with_selected

        chosen = next(iter(self.format_value(value)), None)
        html = with_selected(options((str(option), label) for option, label in self.choices), chosen)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), html)


def user_choices(users):
    """(id, name) of a queryset of users, named as ``User.__str__`` names them, without a model instance each."""
    for pk, first_name, last_name, username in users.values_list("pk", "first_name", "last_name", "username"):
        yield (pk, f"{first_name} {last_name}".strip() or username)


class UserChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a ``UserChoiceField`` (see ``user_choices``)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from user_choices(self.queryset)


class UserChoiceField(forms.ModelChoiceField):
    """A user among hundreds (a city's workers): the choices read as rows and written by ``LongSelect``; the
    chosen value is validated against the queryset as in ``ModelChoiceField``."""

    widget = LongSelect
    iterator = UserChoiceIterator


class AccessibilityFeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Your feedback"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        help_text=_("Which page, what did not work, and what you would need instead (at most 2,000 characters)."),
    )
    contact = forms.CharField(
        label=_("Contact details for the answer (optional)"), max_length=200, required=False,
        help_text=_("An e-mail address or a phone number. Do not write a client's personal data here."),
    )
    page = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)


DECIMAL_SPACES = (" ", "\xa0", "\u202f", "\u2009", "\t")


def parse_finnish_decimal(text: str) -> str:
    """Normalise a number as Finns type it ("1 400,00 €", "1\xa0400,00", "1400,00", "1400.00", "1 400") into
    the form ``Decimal`` reads ("1400.00"). Text that is no number is returned so that ``Decimal`` refuses it."""
    text = str(text).strip().removesuffix("€").removeprefix("€").strip()
    for space in DECIMAL_SPACES:
        text = text.replace(space, "")
    text = text.replace("\u2212", "-")  # the minus sign a word processor writes
    if "," in text and "." in text:  # 1.400,00: the dot groups thousands
        text = text.replace(".", "")
    return text.replace(",", ".")


class FinnishDecimalInput(forms.TextInput):
    """A number written as Finns write it (``1 400,00``), with the decimal keypad on a phone."""

    def __init__(self, attrs=None, decimal_places=2):
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.decimal_places = decimal_places

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                Decimal(value)
            except InvalidOperation:
                return value  # what the user typed, shown back beside its error
        return format_decimal(value, self.decimal_places)


class FinnishDecimalField(forms.DecimalField):
    """Every decimal a user enters (money, hours, percentages): accepts "1 400,00", "1 400,00 €" (normal or
    no-break space), "1400,00", "1400.00" and "1 400"; a typo gets a message showing the expected form."""

    widget = FinnishDecimalInput

    def __init__(self, *, max_digits=None, decimal_places=None, example=None, **kwargs):
        kwargs.pop("localize", None)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
        places = 2 if decimal_places is None else decimal_places
        self.widget.decimal_places = places
        if example is None:
            example = format_decimal(1400 if places >= 2 else 7.5, places)
        self.example = example
        self.error_messages["invalid"] = format_lazy(_("Enter the number in the form {example}."), example=example)

    def widget_attrs(self, widget):
        return {}  # no min/max/step: a text input, checked here with Finnish messages

    def to_python(self, value):
        if isinstance(value, str):
            value = parse_finnish_decimal(value)
        return super().to_python(value)


def finnish_decimal_formfield(original):
    """Wrap ``models.DecimalField.formfield`` so that model forms (and the admin) get a FinnishDecimalField."""

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", FinnishDecimalField)
        return original(self, **kwargs)

    return formfield
