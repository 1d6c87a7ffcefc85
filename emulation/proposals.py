"""The proposal file (hồ sơ đề nghị) sent to a higher body, as one ZIP: a table of contents, the tờ trình to the
Chairman of the provincial People's Committee, the minutes of each council meeting whose ballot passed its
candidates, the list (the exchange file, XLSX and JSON), each candidate's achievement report, and the evidence the
portal already holds (grades, recognised initiatives, previous awards and their decisions).

The tờ trình, minutes and achievement reports are the council documents' own (emulation.council_documents, from
the templates the office edits); the table of contents is a Word file, the evidence a workbook."""

import io

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation import council_documents, exchange, rules
from emulation.council_documents import PROVINCE, Made, zipped
from emulation.models import Award, Evaluation, Initiative, Proposal
from portal.models import DocumentTemplate
from portal.text import ascii_slug

Kind = DocumentTemplate.Kind


def base_name(proposal):
    """e.g. 2026-chu-tich-ubnd-tinh-dot-2: the body as it reads, without marks."""
    return f"{proposal.year}-{ascii_slug(str(proposal.get_authority_display()))}-dot-{proposal.round}"


def zip_name(proposal):
    return f"ho-so-de-nghi-{base_name(proposal)}.zip"


def proposal_entries(proposal):
    """The proposal's entries with their ballot candidates (each with its decider, as the tờ trình wants it)."""
    rule_set = rules.rule_set_for(proposal.year)
    entries = list(
        proposal.entries.select_related(
            "title", "person__unit", "unit", "agency", "candidate__title", "candidate__person__unit", "candidate__unit"
        ).select_related("candidate__meeting__council")
    )
    for entry in entries:
        if entry.candidate is not None:
            entry.candidate.decider = rule_set.decider(entry.title)
    return entries


def write_submission(proposal, agency, entries, *, now=None):
    """The tờ trình of the proposal: the council documents' submission to the Chairman, its rows the entries."""
    candidates = [entry.candidate for entry in entries if entry.candidate is not None]
    data = council_documents.submission_data(
        proposal.meeting, agency, PROVINCE, candidates, on=proposal.submitted_on or timezone.localdate()
    )
    data["number"] = proposal.number or data["number"]
    return Made(f"to-trinh-{base_name(proposal)}.docx", council_documents._render(Kind.SUBMISSION, data, now))


def evidence_rows(proposal, entries):
    """Each candidate's evidence from the records, up to the proposal's year: grades and recognised initiatives of
    the years its title counts, and every award before, with its decision. Four queries however many candidates."""
    rule_set = rules.rule_set_for(proposal.year)
    people = [entry.person_id for entry in entries if entry.person_id]
    units = [entry.unit_id for entry in entries if entry.unit_id]
    grades = list(
        Evaluation.objects.filter(Q(person__in=people) | Q(unit__in=units), year__lte=proposal.year).order_by("year")
    )
    initiatives = list(
        Initiative.objects.filter(
            Q(authors__in=people) | Q(unit__in=units), result=Initiative.Result.RECOGNISED, year__lte=proposal.year
        )
        .distinct()
        .prefetch_related("authors")
        .order_by("year", "code")
    )
    awards = list(
        Award.objects.filter(Q(person__in=people) | Q(unit__in=units), year__lte=proposal.year)
        .exclude(decision__in=[proposal.decision_id] if proposal.decision_id else [])
        .select_related("title", "decision")
        .order_by("year", "title__sort_order")
    )
    rows = []
    for number, entry in enumerate(entries, start=1):
        if entry.agency_id:  # an agency of the bloc: its basis is the bloc's score and rank
            rows.append(
                (
                    number,
                    str(entry.subject),
                    entry.title.name,
                    _("The bloc's results"),
                    proposal.year,
                    _("the bloc's score %(points)s, rank %(rank)s")
                    % {"points": _points(entry.bloc_points), "rank": entry.bloc_rank or "–"},
                    proposal.bloc.name if proposal.bloc_id else "",
                )
            )
            continue
        kind = "person" if entry.person_id else "unit"
        years = set(council_documents.period_years(rule_set, entry.title, kind, proposal.year))
        field, key = ("person_id", entry.person_id) if entry.person_id else ("unit_id", entry.unit_id)

        def mine(item, field=field, key=key):
            return getattr(item, field) == key

        subject = (number, str(entry.subject), entry.title.name)
        found = 0
        for grade in grades:
            if mine(grade) and grade.year in years:
                rows.append((*subject, _("Grade"), grade.year, grade.get_grade_display(), ""))
                found += 1
        for initiative in initiatives:
            by_them = (
                any(author.pk == entry.person_id for author in initiative.authors.all())
                if entry.person_id
                else initiative.unit_id == entry.unit_id
            )
            if by_them and initiative.year in years:
                rows.append(
                    (
                        *subject,
                        _("Recognised initiative"),
                        initiative.year,
                        f"{initiative.title} ({initiative.get_scope_display()})",
                        initiative.code,
                    )
                )
                found += 1
        for award in awards:
            if mine(award) and not award.withdrawn_on:
                rows.append((*subject, _("Previous award"), award.year, award.title.name, str(award.decision or "–")))
                found += 1
        if not found:
            rows.append((*subject, "–", "", _("none on record"), ""))
    return rows


def _points(value):
    from emulation.bloc import percent

    return "–" if value is None else percent(value)


def write_bloc_results(proposal):
    """The bloc's results as evidence: every member with the score the bloc gave it and its rank, the leading
    members marked, and the bloc's summary of the self-scores when the Sở heads the bloc (one sheet each)."""
    import openpyxl
    from openpyxl.styles import Font

    from emulation import bloc as computations
    from emulation.models import Covenant
    from portal.sanitize import xlsx_bytes

    bloc = proposal.bloc
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kết quả Khối"
    sheet.append([f"KẾT QUẢ CHẤM ĐIỂM THI ĐUA – {bloc.name.upper()} NĂM {bloc.year}"])
    sheet["A1"].font = Font(bold=True, size=13)
    if bloc.decision:
        sheet.append([bloc.decision])
    sheet.append([_("Leading members proposed for the province's flag: %(quota)s") % {"quota": bloc.flag_quota}])
    sheet.append([])
    sheet.append(["Hạng", "Mã cơ quan", "Tên cơ quan", "Điểm Khối chấm", "Dẫn đầu Khối", "Ghi chú"])
    for line in computations.ranking(bloc):
        sheet.append(
            [
                line.rank,
                line.member.agency.code,
                line.member.agency.name,
                float(line.points) if line.points is not None else None,
                ("x" + (" (đồng hạng)" if line.tied else "")) if line.leads else "",
                line.member.result_note,
            ]
        )
    for column, width in zip("ABCDEF", (8, 14, 50, 16, 18, 40), strict=True):
        sheet.column_dimensions[column].width = width
    covenant = Covenant.objects.filter(bloc=bloc).first()
    if covenant is not None and computations.heads_bloc(bloc):
        groups, lines = computations.summary(covenant)
        summary = workbook.create_sheet("Tổng hợp tự chấm")
        summary.append(["Hạng", "Mã cơ quan", "Tên cơ quan", *groups, "Tổng điểm tự chấm"])
        for line in lines:
            summary.append(
                [
                    line.rank,
                    line.member.agency.code,
                    line.member.agency.name,
                    *[float(points) for points in line.group_points],
                    float(line.total) if line.scored else None,
                ]
            )
    return Made(f"ket-qua-khoi-{base_name(proposal)}.xlsx", xlsx_bytes(workbook))


def write_evidence(proposal, entries):
    import openpyxl

    from portal.sanitize import xlsx_bytes

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Minh chứng"
    sheet.append([_("Evidence from the records: %(proposal)s") % {"proposal": proposal}])
    sheet.append(
        [_("Row no."), _("Candidate"), _("Title proposed"), _("Evidence"), _("Year"), _("Detail"), _("Reference")]
    )
    for row in evidence_rows(proposal, entries):
        sheet.append(list(row))
    for column, width in zip("ABCDEFG", (6, 30, 36, 22, 8, 50, 40), strict=True):
        sheet.column_dimensions[column].width = width
    return Made(f"minh-chung-{base_name(proposal)}.xlsx", xlsx_bytes(workbook))


def write_contents(proposal, agency, items):
    """The table of contents: a Word file listing each file of the ZIP, numbered, with what it is."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    for text in (agency.superior_body.upper(), agency.agency_name.upper()):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(_("TABLE OF CONTENTS OF THE PROPOSAL FILE")).bold = True
    intro = document.add_paragraph(
        _("%(proposal)s; submission %(number)s; %(count)s candidates.")
        % {
            "proposal": proposal,
            "number": proposal.number or "…",
            "count": proposal.entries.count(),
        }
    )
    intro.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (_("Row no."), _("File"), _("Content")), strict=True):
        cell.text = text
    for number, (name, label) in enumerate(items, start=1):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(number), name, label
    document.add_paragraph(
        _("Made by the portal on %(when)s.") % {"when": timezone.localtime().strftime("%d/%m/%Y %H:%M")}
    )
    output = io.BytesIO()
    document.save(output)
    return Made(f"00-muc-luc-{base_name(proposal)}.docx", output.getvalue())


def write_all(proposal, agency, *, now=None):
    """Every file of the proposal, the table of contents first, each file numbered in the order of the TOC."""
    entries = proposal_entries(proposal)
    meetings = []
    for entry in entries:
        meeting = entry.candidate.meeting if entry.candidate else None
        if meeting is not None and meeting not in meetings:
            meetings.append(meeting)
    data = exchange.export_data(proposal, agency.agency_name)
    parts = []
    if proposal.meeting is not None:
        parts.append(
            (
                write_submission(proposal, agency, entries, now=now),
                _("Submission (tờ trình) to %(body)s") % {"body": council_documents.addressee(PROVINCE, agency)},
            )
        )
    for meeting in meetings:
        parts.append(
            (
                council_documents.write_minutes(meeting, agency, now=now),
                _("Minutes of %(meeting)s") % {"meeting": meeting},
            )
        )
    parts.append(
        (
            Made(f"danh-sach-de-nghi-{base_name(proposal)}.xlsx", exchange.to_xlsx(data)),
            _("List of the candidates proposed (exchange file, XLSX)"),
        )
    )
    parts.append(
        (
            Made(f"danh-sach-de-nghi-{base_name(proposal)}.json", exchange.to_json(data)),
            _("List of the candidates proposed (exchange file, JSON)"),
        )
    )
    for entry in entries:
        if entry.candidate is not None:
            made = council_documents.write_achievement(entry.candidate.meeting, agency, entry.candidate, now=now)
            parts.append(
                (
                    made,
                    _("Achievement report: %(subject)s – %(title)s")
                    % {"subject": entry.subject, "title": entry.title.name},
                )
            )
    if proposal.bloc_id:
        parts.append(
            (
                write_bloc_results(proposal),
                _("The results of %(bloc)s: the scores and ranking of its members") % {"bloc": proposal.bloc},
            )
        )
    parts.append(
        (write_evidence(proposal, entries), _("Evidence from the records (grades, initiatives, previous awards)"))
    )
    numbered = [Made(f"{number:02d}-{made.name}", made.data) for number, (made, _label) in enumerate(parts, start=1)]
    contents = write_contents(
        proposal, agency, [(made.name, label) for made, (_made, label) in zip(numbered, parts, strict=True)]
    )
    return [contents, *numbered]


def write_zip(proposal, agency, *, now=None):
    return zipped(write_all(proposal, agency, now=now), zip_name(proposal))


def proposals_of(year):
    return (
        Proposal.objects.filter(year=year).select_related("meeting__council", "decision").order_by("authority", "round")
    )
