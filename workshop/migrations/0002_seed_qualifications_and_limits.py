"""Reference data: the service length limits (see workshop/rules.py for the sources) and a starting list of
vocational qualifications with competence areas (tutkinnon osat) for competence certificates. Both are
maintained by the admin afterwards; this only creates missing rows (get_or_create / update_or_create)."""

from django.db import migrations

LIMITS = [
    ("work_trial", 6, "Laki julkisesta työvoima- ja yrityspalvelusta 916/2012, 4 luku 5 §"),
    ("social_rehab", None, "Kesto sovitaan tapauskohtaisesti (työllisyydenhoidon suunnitelma 1.6)"),
    ("job_learning", None, "Opiskelijan koulutussopimuksen mukaan"),
    ("community_service", None, "Tuntimäärä 14–240 h (rikoslaki 6 luku 11 §)"),
]

QUALIFICATIONS = {
    "Puhtaus- ja kiinteistöpalvelualan perustutkinto (ent. kiinteistöpalvelujen perustutkinto)": [
        "Asiakaslähtöisten puhtaus- ja kiinteistöpalvelujen tuottaminen",
        "Kiinteistön yleishoito ja valvonta",
        "Kiinteistöjärjestelmien hoitaminen",
        "Piha- ja ulkoalueiden hoitaminen",
        "Koneiden käsittely puhtaus- ja kiinteistöpalvelualalla",
        "Ylläpitosiivous",
    ],
    "Ravintola- ja catering-alan perustutkinto": [
        "Ruokapalveluissa toimiminen",
        "Ruoan valmistaminen",
        "Asiakaspalvelu ruokapalveluissa",
        "Lounasruokien valmistaminen",
        "Kahvilapalvelut",
        "Hygieenisen ja turvallisen työn osaaminen",
    ],
    "Puuteollisuuden perustutkinto": [
        "Puutuotteiden valmistaminen",
        "Puusepänteollisuuden tuotteiden valmistaminen",
        "Koneistaminen ja työstäminen puusepänteollisuudessa",
        "Pintakäsittely puusepänteollisuudessa",
        "Kokoonpano ja viimeistely",
    ],
}


def seed(apps, schema_editor):
    Limit = apps.get_model("workshop", "ServiceLengthLimit")
    Qualification = apps.get_model("workshop", "Qualification")
    Area = apps.get_model("workshop", "CompetenceArea")
    for kind, months, source in LIMITS:
        Limit.objects.get_or_create(kind=kind, defaults={"max_months": months, "source": source})
    for name, areas in QUALIFICATIONS.items():
        qualification, _ = Qualification.objects.get_or_create(name=name)
        for order, area in enumerate(areas, start=1):
            Area.objects.get_or_create(qualification=qualification, name=area, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("workshop", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
