from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from emulation import bloc as bloc_computations
from emulation.bloc_workbooks import member_template, summary_workbook
from emulation.models import Bloc, BlocPeriod, Covenant
from emulation.reports import PERIODS, write_docx
from portal.documents import DocumentTemplateError
from portal.models import AgencySettings


class Command(BaseCommand):
    help = (
        "Write the Sở's self-assessment against the bloc's covenant of a year (XLSX in the bloc's format and the Word "
        "report), and, when the Sở heads the bloc, the bloc's summary of its members' self-scores, into a folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--period", choices=PERIODS, default=BlocPeriod.YEAR_END)
        parser.add_argument("--out", required=True, help="The folder to write into (made if missing).")

    def handle(self, *args, year, period, out, **options):
        covenants = list(Covenant.objects.filter(bloc__year=year).select_related("bloc"))
        if not covenants:
            raise CommandError(_("No bloc covenant of %(year)s is recorded.") % {"year": year})
        agency = AgencySettings.current()
        folder = Path(out)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(str(error)) from error
        written = []
        for covenant in covenants:
            bloc = Bloc.objects.prefetch_related("members__agency").get(pk=covenant.bloc_id)
            member = bloc_computations.own_member(bloc)
            if member is None:
                self.stderr.write(_("%(bloc)s: the Sở is not among its members.") % {"bloc": bloc})
                continue
            report, table = bloc_computations.self_assessment(covenant, member, period)
            stem = f"tu-cham-diem-khoi-{year}-{period}-{bloc.pk}"
            try:
                files = {
                    f"{stem}.xlsx": member_template(covenant, member, period, table=table),
                    f"{stem}.docx": write_docx(report, agency),
                }
                if bloc_computations.heads_bloc(bloc):
                    groups, lines = bloc_computations.summary(covenant, period)
                    summary_stem = f"tong-hop-khoi-{year}-{period}-{bloc.pk}"
                    files[f"{summary_stem}.xlsx"] = summary_workbook(covenant, groups, lines, period)
                    files[f"{summary_stem}.docx"] = write_docx(
                        bloc_computations.bloc_summary_report(covenant, period), agency
                    )
            except DocumentTemplateError as error:
                raise CommandError(str(error)) from error
            for name, data in files.items():
                try:
                    (folder / name).write_bytes(data)
                except OSError as error:
                    raise CommandError(str(error)) from error
                written.append(name)
        for name in written:
            self.stdout.write(f"  + {folder / name}")
        self.stdout.write(self.style.SUCCESS(_("Written %(count)s files.") % {"count": len(written)}))
