"""Seed the law in force by date (docs/domain.md § 8). The activation reform's date (HE 109/2025, meant to apply
from 2026) is not confirmed: 1.1.2026 is the seed, the administrator edits it in Administration."""

from datetime import date

from django.db import migrations

ROWS = [
    {
        "valid_from": date(2001, 9, 1),
        "name": "TE-toimisto (ennen TE24-uudistusta)",
        "employment_authority": False,
        "services_act": "916/2012",
        "multi_agency_act": "1369/2014",
        "activation_income_support_only": False,
    },
    {
        "valid_from": date(2025, 1, 1),
        "name": "TE24: kunnan työvoimaviranomainen",
        "employment_authority": True,
        "services_act": "380/2023",
        "multi_agency_act": "381/2023",
        "activation_income_support_only": False,
    },
    {
        "valid_from": date(2026, 1, 1),
        "name": "Aktivointiuudistus (HE 109/2025)",
        "employment_authority": True,
        "services_act": "380/2023",
        "multi_agency_act": "381/2023",
        "activation_income_support_only": True,
    },
]


def seed(apps, schema_editor):
    LawRuleSet = apps.get_model("core", "LawRuleSet")
    for row in ROWS:
        LawRuleSet.objects.get_or_create(valid_from=row["valid_from"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_law_rule_sets")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
