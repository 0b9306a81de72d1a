import rules
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


class ModelBackend(DjangoModelBackend):
    """Django's model permissions (used by the admin) — but never for permissions that django-rules
    defines: those are decided by their rule alone, without loading the permission tables."""

    def has_perm(self, user_obj, perm, obj=None):
        if rules.perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)
