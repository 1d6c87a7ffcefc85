import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Make sure the superuser 'admin' exists. Its password comes from ADMIN_PASSWORD; without it, a password is "
        "generated and printed once, when the user is created. Never prompts."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        password = os.environ.get("ADMIN_PASSWORD", "")
        user = User.objects.filter(username="admin").first()
        if user is None:
            generated = not password
            password = password or secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "admin@localhost", password)
            if generated:
                self.stdout.write(
                    _("Admin account: admin / password: %(password)s (shown this once only)") % {"password": password}
                )
            else:
                self.stdout.write(_("Admin account: admin / password: the value of ADMIN_PASSWORD"))
            return
        if password:
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(_("Admin account: admin / password: the value of ADMIN_PASSWORD (updated)"))
        else:
            self.stdout.write(
                _(
                    "Admin account: admin (its password was printed when it was created; set ADMIN_PASSWORD=… to change it)"
                )
            )
