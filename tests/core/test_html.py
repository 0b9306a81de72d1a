from joutsa_tyollisyys import html


def test_options_are_escaped_and_one_value_can_be_selected():
    options = html.options([(1, "Aino <b>"), (12, "Mikko & co"), (2, "Sanna")])
    assert str(options) == ('<option value="1">Aino &lt;b&gt;</option><option value="12">Mikko &amp; co</option>'
                            '<option value="2">Sanna</option>')
    chosen = html.with_selected(options, 2)
    assert '<option value="2" selected>Sanna' in chosen and chosen.count("selected") == 1
    assert "selected" not in html.with_selected(options, None) and "selected" not in html.with_selected(options, 99)
    assert '<option value="12">' in html.with_selected(options, 1)  # 1 is not a prefix match of 12


def test_long_select_writes_the_same_html_as_the_select_widget():
    from django import forms
    from django.test.html import parse_html

    from joutsa_tyollisyys.forms import LongSelect

    choices = [("", "—"), (1, "Aino <b>"), (2, "Mikko & co"), (3, "Sanna")]
    attrs = {"id": "id_worker", "class": "form-select", "required": True, "aria-describedby": "help"}
    for value in (None, 2, "3"):
        plain = forms.Select(choices=choices).render("worker", value, attrs)
        fast = LongSelect(choices=choices).render("worker", value, attrs)
        assert parse_html(fast) == parse_html(plain), value
    assert LongSelect(choices=choices).render("worker", 2).count("selected") == 1
