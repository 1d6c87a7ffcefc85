from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from emulation.services import year_open
from home.models import PlanPage, plan_copy_for_year


class Command(BaseCommand):
    help = (
        "Open a new emulation year from an earlier one: its rule set (plan rules, scoring grid, deadlines moved), "
        "its active units, and a draft copy of its plan page with the dates moved."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--from", dest="source", type=int, required=True)
        parser.add_argument(
            "--publish", action="store_true", help="Publish the copied plan at once (only for a plan already reviewed)."
        )

    def handle(self, *args, year, source, publish=False, **options):
        try:
            opened = year_open(year=year, source=source)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(_("Opened %(year)s from %(source)s.") % {"year": opened.year, "source": source})
        for line in opened.dropped + opened.moved:
            self.stdout.write(f"  - {line}")
        plan = PlanPage.objects.filter(year=source).order_by("-last_published_at").first()
        if plan is None:
            self.stdout.write(_("No plan page for %(year)s to copy.") % {"year": source})
            return
        copy = plan_copy_for_year(plan, year)
        for line in copy.moved:
            self.stdout.write(f"  - {line}")
        if publish:
            copy.get_latest_revision().publish()
        self.stdout.write(
            _("Plan copied as “%(title)s” (%(state)s).")
            % {"title": copy.title, "state": _("published") if publish else _("draft")}
        )
