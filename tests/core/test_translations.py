"""The catalogues: complete, and one meaning per English text.

Django merges every app's catalogue into one: when two apps translate the same msgid differently, the app
listed first wins and the other's page shows the wrong word. Ambiguous texts take a context (pgettext)."""

import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts)
ENTRY = re.compile(
    r'(?:^msgctxt ((?:".*"\n)+))?^msgid ((?:".*"\n)+)(?:^msgid_plural (?:".*"\n)+)?((?:^msgstr(?:\[\d\])? (?:".*"\n?)+)+)',  # noqa: E501
    re.M,
)


def _text(block):
    return "".join(re.findall(r'"(.*)"', block))


def entries(path):
    source = path.read_text(encoding="utf-8")
    for match in ENTRY.finditer(source):
        context, msgid, msgstrs = match.group(1), _text(match.group(2)), match.group(3)
        if not msgid:
            continue
        start = source.rfind("\n\n", 0, match.start())
        fuzzy = "#, fuzzy" in source[start : match.start()] or ", fuzzy" in source[start : match.start()]
        yield (
            (_text(context) if context else None, msgid),
            tuple(re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', msgstrs, re.M)),
            fuzzy,
        )


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(path):
    missing = [key for key, strs, fuzzy in entries(path) if fuzzy or any(not _text(s) for s in strs)]
    assert not missing, f"untranslated or fuzzy in {path.relative_to(ROOT)}: {missing[:10]}"
    assert path.with_suffix(".mo").exists(), "compile the catalogue (the .mo files are committed)"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_one_translation_per_text(language):
    seen = defaultdict(dict)
    for path in CATALOGUES:
        if path.parts[-3] != language:
            continue
        for key, strs, _fuzzy in entries(path):
            seen[key][str(path.relative_to(ROOT).parts[0])] = tuple(_text(s) for s in strs)
    clashes = {key: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert not clashes, "\n".join(f"{key[1]!r} ({key[0]}): {apps}" for key, apps in sorted(clashes.items(), key=str))


def _app_catalogues():
    apps = defaultdict(dict)
    for path in CATALOGUES:
        apps[str(path.parents[3].relative_to(ROOT))][path.parts[-3]] = path
    return apps


@pytest.mark.parametrize("app", sorted(_app_catalogues()), ids=str)
def test_finnish_and_swedish_translate_the_same_texts(app):
    """A text translated into one language only shows English to the other language's users."""
    paths = _app_catalogues()[app]
    fi, sv = ({key for key, _strs, _fuzzy in entries(paths[lang])} for lang in ("fi", "sv"))
    assert not fi ^ sv, f"only in fi: {sorted(fi - sv)[:10]}; only in sv: {sorted(sv - fi)[:10]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_money_is_translated_as_money(path):
    """A text about euros is not translated as hours ("euros per day" was "tunteja päivässä")."""
    wrong = [
        (key[1], _text(strs[0]))
        for key, strs, _fuzzy in entries(path)
        if re.search(r"\beuros?\b|€", key[1]) and not re.search(r"euro|€", _text(strs[0]))
    ]
    assert not wrong, wrong


@pytest.mark.parametrize(("language", "label"), [("fi", "euroa päivässä"), ("sv", "euro per dag")])
def test_rate_tables_label_euros_per_day(language, label):
    from django.utils import translation

    from rehab_work.models import CompensationRate, ExpenseAllowanceRate

    with translation.override(language):
        for model in (CompensationRate, ExpenseAllowanceRate):
            assert str(model._meta.get_field("amount_per_day").verbose_name) == label
