import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group
from django.db.models import OuterRef

from .rows import RelatedRows

UserModel = get_user_model()


class ModelBackend(DjangoModelBackend):
    """Django's model permissions (used by the admin) — but never for permissions that django-rules
    defines: those are decided by their rule alone, without loading the permission tables."""

    def has_perm(self, user_obj, perm, obj=None):
        if rules.perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)

    def get_user(self, user_id):
        """The user of a session, with their roles (see ``roles.roles_of``) read in the same query."""
        groups = RelatedRows(Group.objects.filter(user=OuterRef("pk")), fields=["name"])
        user = UserModel._default_manager.annotate(role_groups=groups).filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        user._role_cache = frozenset(group.name for group in user.role_groups)
        return user
