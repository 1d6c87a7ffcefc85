"""`manage.py fix_slugs [--dry-run]`: pages whose address the admin's old script broke get their ASCII address.

Before portal.text.ascii_slug, the admin's script dropped the letters with two marks from a title ("Sở" → "s") and
wrote đ as "dj". A page whose slug is exactly that broken form of its title gets the title's ASCII slug; its old
address, and those of the pages under it, redirect permanently to the new ones. Safe to run twice.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from portal.text import ascii_slug, legacy_slug


def free_slug(page, slug):
    candidate, number = slug, 2
    while not Page._slug_is_available(candidate, page.get_parent(), page):
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


class Command(BaseCommand):
    help = "Give pages whose address the old admin script broke their ASCII address, redirecting the old one."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would change.")

    def handle(self, *args, **options):
        fixed = 0
        for page in Page.objects.filter(depth__gt=1).order_by("path"):
            broken, good = legacy_slug(page.title), ascii_slug(page.title)
            if page.slug != broken or broken == good:
                continue
            new_slug = free_slug(page, good)
            self.stdout.write(f"{page.url_path} → {page.slug} → {new_slug}")
            fixed += 1
            if not options["dry_run"]:
                self.fix(page.specific, new_slug)
        self.stdout.write(_("Addresses fixed: %(count)d.") % {"count": fixed})

    @transaction.atomic
    def fix(self, page, new_slug):
        family = [page, *page.get_descendants()]
        old_paths = {item.pk: item.get_url_parts() for item in family}
        page.slug = new_slug
        page.save()
        if page.latest_revision:  # a later publish of the draft keeps the new address
            page.latest_revision.content["slug"] = new_slug
            page.latest_revision.save(update_fields=["content"])
        for item in Page.objects.filter(pk__in=old_paths).specific():
            parts = old_paths[item.pk]
            if parts and parts[2] != item.get_url_parts()[2]:
                Redirect.add_redirect(parts[2], redirect_to=item, is_permanent=True)
