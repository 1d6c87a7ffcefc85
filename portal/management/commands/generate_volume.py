import sys
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _

from portal.progress import progress_bar
from portal.volume import Volume


class Command(BaseCommand):
    help = (
        "Add volume data for load tests on top of the demo: units, people and ten years of records that follow each "
        "year's rules, and articles (bulk inserts; deterministic for --seed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--units", type=int, default=200)
        parser.add_argument("--people", type=int, default=5000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--articles", type=int, default=10000)

    def handle(self, *args, **options):
        started = time.monotonic()
        volume = Volume(seed=options["seed"], progress=progress_bar())
        made = volume.records(units=options["units"], people=options["people"], years=options["years"])
        articles = volume.articles(options["articles"])
        with connection.cursor() as cursor:  # fresh planner statistics after the bulk inserts
            cursor.execute("ANALYZE")
        sys.stderr.write("\n")
        self.stdout.write(
            _("Volume data: %(units)d units, %(people)d people, %(years)d years, %(articles)d articles in %(s).0f s.")
            % {**made, "years": options["years"], "articles": articles, "s": time.monotonic() - started}
        )
