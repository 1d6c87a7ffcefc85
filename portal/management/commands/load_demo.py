from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from emulation.demo import load_units
from home.demo import load_pages
from portal.demo import load_agency_settings


class Command(BaseCommand):
    help = "Load the demo content: units, agency details, home page, about page and the 2020 plan. Safe to run twice."

    @transaction.atomic
    def handle(self, *args, **options):
        units = load_units()
        load_agency_settings()
        pages = load_pages()
        self.stdout.write(_("New units: %(units)d. New pages: %(pages)d.") % {"units": units, "pages": len(pages)})
        for title in pages:
            self.stdout.write(f"  + {title}")
        self.stdout.write(self.style.SUCCESS(_("Demo content loaded.")))
