"""The first invitation template (fi/sv), editable in Administration → Invitation templates."""

from django.db import migrations

LETTER_FI = (
    "Hyvä {first_name} {last_name},\n\n"
    "kutsumme sinut tapaamiseen kunnan työllisyyspalveluihin ({unit}). Tapaamisessa keskustelemme tilanteestasi "
    "ja siitä, millaiset palvelut "
    "voisivat tukea sinua työllistymisessä tai opiskelussa.\n\n"
    "Jos aika ei sovi, soita tai lähetä tekstiviesti numeroon {worker_phone}, niin sovimme uuden ajan.\n\n"
    "Ystävällisin terveisin\n{worker}\n{municipality}"
)
LETTER_SV = (
    "Bästa {first_name} {last_name},\n\n"
    "vi kallar dig till ett möte hos kommunens sysselsättningstjänster ({unit}). Vid mötet diskuterar vi din "
    "situation och vilka tjänster som kunde "
    "stödja dig att få arbete eller att studera.\n\n"
    "Om tiden inte passar, ring eller skicka ett textmeddelande till {worker_phone} så kommer vi överens om en ny "
    "tid.\n\n"
    "Med vänliga hälsningar\n{worker}\n{municipality}"
)
TEXT_FI = ("Hei {first_name}! Kutsumme sinut tapaamiseen ({unit}): {time}, {place}. "
           "Jos aika ei sovi, soita {worker_phone}. T. {worker}")
TEXT_SV = ("Hej {first_name}! Vi kallar dig till ett möte ({unit}): {time}, {place}. "
           "Om tiden inte passar, ring {worker_phone}. Hälsningar {worker}")


def seed(apps, schema_editor):
    template = apps.get_model("outreach", "InvitationTemplate")
    template.objects.get_or_create(
        name="Kutsu tapaamiseen", defaults={"letter_fi": LETTER_FI, "letter_sv": LETTER_SV, "text_fi": TEXT_FI,
                                            "text_sv": TEXT_SV, "active": True})


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_invitation_rounds")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
