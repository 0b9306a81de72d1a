"""The municipal share of labour market subsidy 1.1.2015–31.12.2024 (docs/domain.md § 6.1, työttömyysturvalaki
1290/2002 ch. 14): state 100 % below 300 paid days, municipality 50 % from 300 days, 70 % from 1,000 days.

The 1.1.2025 model (all unemployment benefits, rising bands after 101 days) is entered by the admin:
its percentages are not confirmed here (see payment_share/README.md)."""

from datetime import date
from decimal import Decimal

from django.db import migrations

SOURCE = "Työttömyysturvalaki 1290/2002, 14 luku (kuntaosuus 1.1.2015–31.12.2024)"
BANDS_2015_2024 = [(0, Decimal("0")), (300, Decimal("50")), (1000, Decimal("70"))]


def seed(apps, schema_editor):
    Band = apps.get_model("payment_share", "PaymentShareBand")
    for min_days, percent in BANDS_2015_2024:
        Band.objects.get_or_create(
            valid_from=date(2015, 1, 1), min_days=min_days,
            defaults={"valid_to": date(2024, 12, 31), "municipal_percent": percent, "note": SOURCE},
        )


def unseed(apps, schema_editor):
    apps.get_model("payment_share", "PaymentShareBand").objects.filter(valid_from=date(2015, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("payment_share", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
