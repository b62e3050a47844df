"""The staff authentication backend: Django's ModelBackend, except that the signed-in user is
loaded with their unread notices counted (`user.unread_notices`), in the one query that loads
them on every request anyway. The header shows the count on every staff page, and the family
record page has a query budget that a query of its own would break."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser

from familyhub.accounts.models import User
from familyhub.notifications.selectors import users_with_unread_count


class StaffBackend(ModelBackend):
    def get_user(self, user_id: int) -> AbstractBaseUser | None:
        try:
            user = users_with_unread_count(User.objects.all()).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
