"""Seed the wage-subsidy rates in force from 1.7.2023 (docs/domain.md § 5.4) and the on/off switch (on).

The monthly maximums are not confirmed: they are left empty for the admin to enter; every decision
records the maximum stated in it. The 100 % subsidy is granted for at most 12 months.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

RATES = [
    ("50", Decimal("50"), None, "Osaamisen puute (skills gap)"),
    ("70", Decimal("70"), None, "Alentunut työkyky (reduced work capacity)"),
    ("100", Decimal("100"), 12, "Yhdistykset, säätiöt, muu kuin liiketoiminta; enintään 65 % työajasta"),
]


def seed(apps, schema_editor):
    Rate = apps.get_model("obligation_employment", "WageSubsidyRate")
    for category, percent, max_months, note in RATES:
        Rate.objects.get_or_create(category=category, valid_from=date(2023, 7, 1),
                                   defaults={"percent": percent, "max_months": max_months, "note": note})
    apps.get_model("obligation_employment", "ObligationSettings").objects.get_or_create(pk=1,
                                                                                        defaults={"enabled": True})


def unseed(apps, schema_editor):
    apps.get_model("obligation_employment", "WageSubsidyRate").objects.filter(valid_from=date(2023, 7, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("obligation_employment", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
