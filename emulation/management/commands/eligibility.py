import json as jsonlib

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from emulation.rules import RuleSetMissing, eligibility
from emulation.selectors import eligibility_document
from portal.progress import progress_bar


class Command(BaseCommand):
    help = "Who may receive which title in a year, and why not: what the admin's eligibility screen shows."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="One JSON document on standard output.")

    def handle(self, *args, year, **options):
        try:
            result = eligibility(year, progress=progress_bar(self.stderr._out) if options["verbosity"] else None)
        except RuleSetMissing as missing:
            raise CommandError(str(missing)) from missing
        document = eligibility_document(year, result)
        if options["json"]:
            self.stdout.write(_json_dumps(document))
            return
        self.stdout.write(_("Rule set: %(name)s") % {"name": document["rule_set"]})
        for candidate in document["candidates"]:
            self.stdout.write(f"\n{candidate['code']}  {candidate['name']} ({candidate['unit']})")
            for title in candidate["titles"]:
                mark = "✓" if title["eligible"] else "✗"
                self.stdout.write(f"  {mark} {title['title']}")
                for reason in title["reasons"]:
                    self.stdout.write(f"      – {reason['message']} [{reason['rule']}; {reason['source']}]")
        if document["quotas"]:
            self.stdout.write("")
        for quota in document["quotas"]:
            self.stdout.write(
                _("Quota: %(title)s at most %(max)s (base: %(base)s %(base_title)s)")
                % {
                    "title": quota["title"],
                    "max": quota["max"],
                    "base": quota["base"],
                    "base_title": quota["base_title"],
                }
            )


def _json_dumps(document):
    return jsonlib.dumps(document, ensure_ascii=False, indent=2)
