"""Notifications made before 0008 were stored as text in the language of whoever caused them ("Seurantaraportti
11/2026 on valmis." on a Swedish screen). Those whose text is recognised as one of the notification texts of that
time, in Finnish or Swedish, get its msgid and parameters, so they too are shown in the reader's language; the
others keep their text (it stays in ``message``, shown as it is). The texts are listed here as they were then."""

import re

from django.conf import settings
from django.db import migrations
from django.utils import translation

#: (msgid, plural msgid or "") of every notification of the time whose parameters are names, numbers and dates.
TEXTS = [
    ("The monthly report %(month)s is ready.", ""),
    ("The monthly report %(month)s is ready (version %(version)s).", ""),
    ("A rehabilitative work agreement is waiting for your decision.", ""),
    ("The rehabilitative work agreement of %(client)s was approved: it can now be signed.", ""),
    ("The rehabilitative work agreement of %(client)s was rejected: see the reasons.", ""),
    ("%(worker)s referred %(client)s to you for a service-need assessment.", ""),
    ("%(client)s withdrew the consent to share information with health services: %(count)s open matter was stopped.",
     "%(client)s withdrew the consent to share information with health services: %(count)s open matters were "
     "stopped."),
    ("Wage-subsidy claim %(number)s of obligation employment case %(case)s lapsed: its deadline was %(deadline)s.",
     ""),
    ("Wage-subsidy claim %(number)s of obligation employment case %(case)s must be sent by %(deadline)s.", ""),
    ("You were asked to contact %(name)s (payment-share list %(month)s).", ""),
    ("You were asked to contact %(count)s persons on the payment-share list %(month)s.", ""),
    ("Payment-share list %(months)s imported: %(count)s persons have no responsible worker.", ""),
    ("New feedback on accessibility: answer it within 14 days.", ""),
]
PARAMETER = re.compile(r"%\\\((\w+)\\\)s")


def _pattern(text):
    return re.compile(PARAMETER.sub(lambda m: f"(?P<{m.group(1)}>.+?)", re.escape(text)) + r"\Z")


def _patterns():
    """[(compiled pattern, msgid, plural)] of each text in each language (both plural forms)."""
    found = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for msgid, plural in TEXTS:
                forms = {translation.ngettext(msgid, plural, n) for n in (1, 2, 5)} if plural else {
                    translation.gettext(msgid)}
                found += [(_pattern(form), msgid, plural) for form in forms]
    return found


def _recognise(message, patterns):
    for pattern, msgid, plural in patterns:
        match = pattern.match(message)
        if match:
            params = {key: int(value) if key == "count" and value.isdigit() else value
                      for key, value in match.groupdict().items()}
            stored = {"msgid": msgid, "params": params}
            if plural:
                stored["plural"] = plural
            return stored
    return None


def forwards(apps, schema_editor):
    Notification = apps.get_model("core", "Notification")
    patterns = _patterns()
    for note in Notification.objects.filter(text_json__isnull=True).only("pk", "message").iterator():
        stored = _recognise(note.message, patterns)
        if stored is not None:
            Notification.objects.filter(pk=note.pk).update(text_json=stored)


class Migration(migrations.Migration):
    dependencies = [("core", "0008_notification_text_in_readers_language")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
