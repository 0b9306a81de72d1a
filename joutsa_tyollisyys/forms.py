"""Form building blocks shared by every app."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html


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


class LongSelect(forms.Select):
    """A choice among hundreds (the workers of a city's employment area): the same HTML as ``Select``, but the
    options are written in Python at once instead of through a template per option (≈ 80 ms → a few ms for
    1,250 workers). Option groups and per-option attributes are not needed for these lists."""

    def render(self, name, value, attrs=None, renderer=None):
        from .html import options, with_selected

        widget = self.get_context(name, value, attrs)["widget"]
        choices = [option for _group, group_choices, _index in widget["optgroups"] for option in group_choices]
        chosen = next((option["value"] for option in choices if option["selected"]), None)
        html = with_selected(options((option["value"], option["label"]) for option in choices), chosen)
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), html)
