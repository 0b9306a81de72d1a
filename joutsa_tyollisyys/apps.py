from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "joutsa_tyollisyys"
    label = "core"
    verbose_name = _("Employment services: shared")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django import forms
        from django.db.models.signals import post_migrate

        from .parsing import validate_year_in_range

        # Before any form class of ours or of the admin is built (this app is the first of INSTALLED_APPS):
        # every date and date-time field refuses years outside 1900–2099 (see parsing.validate_year_in_range).
        for field_class in (forms.DateField, forms.DateTimeField):
            field_class.default_validators = [*field_class.default_validators, validate_year_in_range]
        # Every model's decimal field takes numbers as Finns type them in any model form (the admin's too).
        from django.db import models

        from .forms import finnish_decimal_formfield

        if not getattr(models.DecimalField.formfield, "finnish", False):
            models.DecimalField.formfield = finnish_decimal_formfield(models.DecimalField.formfield)
            models.DecimalField.formfield.finnish = True

        from .roles_sync import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="core.sync_role_groups")
        from .law import connect_signals

        connect_signals()
