from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from home import search


class Command(BaseCommand):
    help = "Rebuild the public search's entries from every live page and public award (after bulk changes)."

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(_("Search entries: %(count)d.") % {"count": count})
