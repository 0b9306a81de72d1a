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


def test_long_select_of_a_model_choice_field_writes_the_same_html_as_the_select_widget(db):
    """The workers' choice lists: a ModelChoiceField's choices are (ModelChoiceIteratorValue, label) pairs."""
    from django import forms
    from django.contrib.auth import get_user_model
    from django.test.html import parse_html

    from joutsa_tyollisyys.forms import LongSelect

    users = [get_user_model().objects.create(username=f"w{n}", first_name="Aino", last_name=f"<Ö{n}>")
             for n in range(3)]

    class Plain(forms.Form):
        worker = forms.ModelChoiceField(queryset=get_user_model().objects.order_by("pk"), required=False)

    class Fast(forms.Form):
        worker = forms.ModelChoiceField(queryset=get_user_model().objects.order_by("pk"), required=False,
                                        widget=LongSelect)

    for initial in (None, users[1].pk):
        plain, fast = Plain(initial={"worker": initial}), Fast(initial={"worker": initial})
        assert parse_html(str(fast["worker"])) == parse_html(str(plain["worker"])), initial
        assert str(fast["worker"]).count(f'value="{users[1].pk}" selected') == (initial is not None)
    bound = Fast({"worker": str(users[2].pk)})
    assert f'<option value="{users[2].pk}" selected>' in str(bound["worker"])


def test_user_choice_field_names_users_as_their_str_and_validates_against_its_queryset(db):
    from django.contrib.auth import get_user_model
    from django.test.html import parse_html

    from joutsa_tyollisyys.forms import UserChoiceField

    User = get_user_model()
    named = User.objects.create(username="aino", first_name="Aino", last_name="<Virtanen>")
    unnamed = User.objects.create(username="nimeton")
    outside = User.objects.create(username="muu", is_active=False)
    field = UserChoiceField(queryset=User.objects.filter(is_active=True).order_by("pk"), empty_label="—")
    assert list(field.choices) == [("", "—"), (named.pk, str(named)), (unnamed.pk, str(unnamed))]
    assert parse_html(field.widget.render("worker", named.pk)) == parse_html(
        f'<select name="worker"><option value="">—</option><option value="{named.pk}" selected>'
        f'Aino &lt;Virtanen&gt;</option><option value="{unnamed.pk}">nimeton</option></select>')
    assert field.clean(str(named.pk)) == named
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        field.clean(str(outside.pk))
