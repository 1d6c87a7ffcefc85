from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.demo import (
    load_accounts,
    load_councils,
    load_funds,
    load_proposals,
    load_recent_records,
    load_records,
    load_units,
    load_year_2020,
)
from emulation.demo.bloc import load_bloc, load_bloc_proposal
from emulation.models import EmulationYear
from home import search
from home.demo import load_documents, load_news, load_newsroom_accounts, load_pages
from portal.demo import load_agency_settings, load_site


class Command(BaseCommand):
    help = (
        "Load the demo content: units, agency details, pages, the 2020 plan and records, news articles, the "
        "feedback page and the published documents. Safe to run twice."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        units = load_units()
        load_site()
        load_agency_settings()
        pages = load_pages()
        for result in (load_records(load_year_2020()), load_recent_records()):
            for line in result.summary_lines() if result else []:
                self.stdout.write(line)
        load_accounts()
        pages += load_news()
        load_bloc()  # after the plan, the records and the articles its covenant's evidence counts
        load_newsroom_accounts()
        coming = timezone.localdate().year + 1
        if not EmulationYear.objects.filter(year__gt=2020).exists():
            # Opened under the law in force: its plan page is a draft until an editor reviews and publishes it.
            call_command("open_year", coming, source=2020, stdout=self.stdout)
        load_councils()  # after the open year: its council's ballot is open for the demo accounts
        load_proposals()  # after the councils: the 2026 proposal to the province, sent and decided
        load_bloc_proposal()  # the 2020 bloc's flag proposal, prepared
        pages += load_documents()  # after the records: the decisions are listed with their signed PDFs
        load_funds()  # after the decisions: a year's fund is recorded only when the demo has its decisions
        search.rebuild()
        self.stdout.write(_("New units: %(units)d. New pages: %(pages)d.") % {"units": units, "pages": len(pages)})
        for title in pages:
            self.stdout.write(f"  + {title}")
        self.stdout.write(self.style.SUCCESS(_("Demo content loaded.")))
