"""The office's bloc screens (menu "Khối thi đua"): blocs and their members, agencies, covenants with their scoring
table; one bloc's page (its tasks, the results and ranking, and, when the Sở heads it, the members' workbooks and
the summary); the covenant's self-scoring page with the portal's evidence, and the downloads.

Only the office: every view needs a permission on the bloc's records, which only the Văn phòng group holds."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import permission_required
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSetGroup

from emulation import bloc as computations
from emulation import services
from emulation.bloc_workbooks import member_template, results_template, summary_workbook
from emulation.models import Bloc, BlocAgency, BlocMember, BlocPeriod, Covenant
from emulation.viewsets import EmulationViewSet, ordered
from portal.documents import DOCX, DocumentTemplateError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VIEW = "emulation.view_bloc"
CHANGE = "emulation.change_bloc"


class BlocAdminForm(WagtailAdminModelForm):
    """One head and one deputy a year, each agency once: refused next to the member's row."""

    def clean(self):
        cleaned = super().clean()
        seen, roles = set(), {}
        for form in self.formsets["members"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE") or not form.cleaned_data.get("agency"):
                continue
            agency, role = form.cleaned_data["agency"], form.cleaned_data.get("role")
            if agency.pk in seen:
                form.add_error("agency", _("An agency is listed twice among the members."))
            seen.add(agency.pk)
            if role in (BlocMember.Role.HEAD, BlocMember.Role.DEPUTY):
                if role in roles:
                    form.add_error(
                        "role", _("A bloc has one %(role)s a year.") % {"role": form.instance.get_role_display()}
                    )
                roles[role] = True
        return cleaned


class CovenantAdminForm(WagtailAdminModelForm):
    """Each criterion's number once, refused next to it."""

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for form in self.formsets["criteria"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            code = (form.cleaned_data.get("code") or "").strip()
            if code in seen:
                form.add_error("code", _("Each criterion has its own number."))
            seen.add(code)
        return cleaned


class BlocWriteMixin:
    def save_instance(self):
        return services.bloc_save(self.form.save(commit=False), user=self.request.user)

    def get_success_url(self):
        return reverse("emulation_bloc", args=[self.object.pk])


class BlocCreateView(BlocWriteMixin, CreateView):
    pass


class BlocEditView(BlocWriteMixin, EditView):
    pass


class CovenantWriteMixin:
    def save_instance(self):
        return services.covenant_save(self.form.save(commit=False), user=self.request.user)


class CovenantCreateView(CovenantWriteMixin, CreateView):
    pass


class CovenantEditView(CovenantWriteMixin, EditView):
    pass


class ManageColumn(Column):
    cell_template_name = "emulation/bloc/manage_cell.html"


class BlocViewSet(EmulationViewSet):
    model = Bloc
    icon = "group"
    menu_label = gettext_lazy("Blocs and members")
    menu_order = 10
    add_view_class = BlocCreateView
    edit_view_class = BlocEditView
    edit_handler = ObjectList(Bloc.panels, base_form_class=BlocAdminForm)
    list_display = [
        "name",
        "year",
        Column("member_count", label=gettext_lazy("Members")),
        "demo",
        ManageColumn("manage", label=gettext_lazy("Bloc"), accessor="pk"),
    ]
    list_filter = ["year"]
    list_export = ["name", "year", "decision", "covenant_deadline", "half_year_conference", "year_end_conference"]
    export_filename = "khoi-thi-dua"

    def get_queryset(self, request):
        return ordered(Bloc.objects.annotate(member_count=Count("members")))


class BlocAgencyViewSet(EmulationViewSet):
    model = BlocAgency
    icon = "home"
    menu_label = gettext_lazy("Member agencies")
    menu_order = 20
    list_display = ["name", "code", "short_name", "is_own", "demo"]
    list_export = ["code", "name", "short_name", "is_own", "demo"]
    search_fields = ["name", "code", "short_name"]
    export_filename = "co-quan-trong-khoi"


class CovenantViewSet(EmulationViewSet):
    model = Covenant
    icon = "doc-full"
    menu_label = gettext_lazy("Emulation covenants")
    menu_order = 30
    add_view_class = CovenantCreateView
    edit_view_class = CovenantEditView
    edit_handler = ObjectList(Covenant.panels, base_form_class=CovenantAdminForm)
    list_display = ["__str__", "signed_on", Column("criterion_count", label=gettext_lazy("Criteria"))]
    list_export = ["bloc", "signed_on"]
    export_filename = "giao-uoc-thi-dua"

    def get_queryset(self, request):
        return ordered(Covenant.objects.select_related("bloc").annotate(criterion_count=Count("criteria")))


class BlocViewSetGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Emulation bloc")
    menu_icon = "group"
    menu_order = 215
    items = (BlocViewSet, BlocAgencyViewSet, CovenantViewSet)


# -- one bloc's page -------------------------------------------------------------------------------------------------


def _bloc(pk):
    return get_object_or_404(Bloc.objects.prefetch_related("members__agency"), pk=pk)


def _period(request):
    period = request.GET.get("period") or request.POST.get("period") or BlocPeriod.YEAR_END
    if period not in BlocPeriod.values:
        raise Http404
    return period


def _refusal_messages(refused):
    if hasattr(refused, "error_dict"):
        return [message for field in refused.message_dict.values() for message in field]
    return refused.messages


class ResultsImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("The bloc head's results workbook (.xlsx)"))


@permission_required(VIEW)
def bloc_view(request, pk):
    """A bloc: its members and the year's head, its tasks and dates, the covenant, the results typed or imported and
    the ranking; when the Sở heads it, the members' workbooks, their import and the summary."""
    bloc = _bloc(pk)
    covenant = Covenant.objects.filter(bloc=bloc).first()
    period = _period(request)
    may_change = request.user.has_perm(CHANGE)
    result_errors, import_errors, propose_errors = {}, [], []
    posted_flag = posted_merit = None
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not may_change:
        raise Http404
    if action == "results":
        values = {
            member.pk: (request.POST.get(f"points-{member.pk}", ""), request.POST.get(f"note-{member.pk}", ""))
            for member in bloc.members.all()
        }
        try:
            services.bloc_results_save(bloc=bloc, values=values, user=request.user)
            messages.success(request, _("The bloc's results are saved."))
            return redirect("emulation_bloc", pk)
        except ValidationError as refused:
            result_errors = refused.message_dict
            for member in bloc.members.all():  # nothing typed is lost
                member.result_points, member.result_note = values[member.pk]
    elif action == "import-results":
        form = ResultsImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.bloc_results_import(bloc=bloc, upload=upload, name=upload.name, user=request.user)
                messages.success(request, _("The bloc's results are imported."))
                return redirect("emulation_bloc", pk)
            except ValidationError as refused:
                import_errors = _refusal_messages(refused)
        else:
            import_errors = [_("Choose the results workbook to import.")]
    elif action == "propose":
        if not request.user.has_perm("emulation.add_proposal"):
            raise Http404
        try:
            proposal = services.bloc_proposal_create(
                bloc=bloc,
                flag=request.POST.getlist("flag"),
                merit=request.POST.getlist("merit"),
                user=request.user,
            )
            messages.success(request, _("%(proposal)s is prepared.") % {"proposal": proposal})
            return redirect("emulation_proposal", proposal.pk)
        except ValidationError as refused:
            propose_errors = _refusal_messages(refused)
            posted_flag, posted_merit = set(request.POST.getlist("flag")), set(request.POST.getlist("merit"))
    elif action == "import-scores" and covenant is not None:
        uploads = request.FILES.getlist("files")
        try:
            imported = services.bloc_member_scores_import(
                covenant=covenant, files=[(f.name, f) for f in uploads], period=period, user=request.user
            )
            messages.success(
                request,
                _("Imported the self-scores of %(count)s members: nothing else changed.") % {"count": len(imported)},
            )
            return redirect(reverse("emulation_bloc", args=[pk]) + f"?period={period}")
        except ValidationError as refused:
            import_errors = _refusal_messages(refused)
    members = list(bloc.members.all())
    for member in members:
        if not result_errors:
            member.typed_points = "" if member.result_points is None else computations.percent(member.result_points)
        else:
            member.typed_points = member.result_points or ""
        member.errors = result_errors.get(member.pk, [])
    heads = computations.heads_bloc(bloc)
    flag_lines, merit_lines, proposed = services.bloc_proposable(bloc) if not result_errors else ([], [], set())
    for line in flag_lines:
        line.proposed = (line.member.agency_id, services.FLAG_TITLE) in proposed
        line.checked = not line.proposed if posted_flag is None else str(line.member.agency_id) in posted_flag
    for line in merit_lines:
        line.proposed = (line.member.agency_id, services.MERIT_TITLE) in proposed
        line.checked = posted_merit is not None and str(line.member.agency_id) in posted_merit
    groups, lines = computations.summary(covenant, period) if covenant and heads else ([], [])
    context = {
        "bloc": bloc,
        "covenant": covenant,
        "members": members,
        "own": computations.own_member(bloc),
        "head": next((m for m in members if m.role == BlocMember.Role.HEAD), None),
        "deputy": next((m for m in members if m.role == BlocMember.Role.DEPUTY), None),
        "heads": heads,
        "ranking": computations.ranking(bloc) if not result_errors else [],
        "flag_lines": flag_lines,
        "merit_lines": merit_lines,
        "propose_errors": propose_errors,
        "may_propose": may_change and request.user.has_perm("emulation.add_proposal"),
        "bloc_proposals": list(
            bloc.proposals.select_related("decision").annotate(entry_count=Count("entries")).order_by("round")
        ),
        "result_errors": result_errors,
        "import_errors": import_errors,
        "may_change": may_change,
        "period": period,
        "periods": BlocPeriod.choices,
        "summary_groups": groups,
        "summary_lines": lines,
        "results_form": ResultsImportForm(),
        "tasks": [
            (_("Sign the covenant by"), bloc.covenant_deadline),
            (_("The bloc's movements until"), bloc.movements_until),
            (_("Half-year conference"), bloc.half_year_conference),
            (_("Year-end conference"), bloc.year_end_conference),
        ],
    }
    return TemplateResponse(request, "emulation/bloc/bloc.html", context)


@permission_required(VIEW)
def covenant_score_view(request, pk):
    """The Sở's self-score against the covenant for a period: each criterion with the portal's figure, its source and
    the points it gives; the office's own points (overriding) and evidence, saved all or nothing."""
    covenant = get_object_or_404(Covenant.objects.select_related("bloc"), pk=pk)
    bloc = _bloc(covenant.bloc_id)
    member = computations.own_member(bloc)
    if member is None:
        messages.error(request, _("The Sở is not among the bloc's members: add it to the bloc first."))
        return redirect("emulation_bloc", bloc.pk)
    period = _period(request)
    errors, posted = {}, {}
    if request.method == "POST":
        if not request.user.has_perm(CHANGE):
            raise Http404
        criteria = covenant.criteria.all()
        posted = {
            c.pk: (request.POST.get(f"points-{c.pk}", ""), request.POST.get(f"evidence-{c.pk}", "")) for c in criteria
        }
        try:
            services.bloc_self_score_save(
                covenant=covenant, member=member, period=period, values=posted, user=request.user
            )
            messages.success(request, _("The self-score is saved."))
            return redirect(reverse("emulation_covenant_score", args=[pk]) + f"?period={period}")
        except ValidationError as refused:
            errors = refused.message_dict
    table = computations.scoring_table(covenant, member, period)
    for row in table.rows:
        key = row.criterion.pk
        row.errors = errors.get(str(key)) or errors.get(key) or []
        if key in posted:  # nothing typed is lost
            row.typed_points, row.typed_evidence = posted[key]
        else:
            row.typed_points = (
                "" if row.score is None or row.score.points is None else computations.percent(row.score.points)
            )
            row.typed_evidence = row.evidence
    context = {
        "covenant": covenant,
        "bloc": bloc,
        "member": member,
        "table": table,
        "period": period,
        "periods": BlocPeriod.choices,
        "errors": errors,
        "may_change": request.user.has_perm(CHANGE),
    }
    return TemplateResponse(request, "emulation/bloc/score.html", context)


def _download(data, name, content_type):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@permission_required(VIEW)
def covenant_download(request, pk, kind):
    """The self-assessment (xlsx, docx), the summary when the Sở heads the bloc (summary-xlsx, summary-docx), the
    results workbook (results-xlsx)."""

    from emulation.reports import write_docx
    from portal.models import AgencySettings

    covenant = get_object_or_404(Covenant.objects.select_related("bloc"), pk=pk)
    bloc = _bloc(covenant.bloc_id)
    period = _period(request)
    year = bloc.year
    agency = AgencySettings.current(request)
    try:
        if kind in ("xlsx", "docx"):
            member = computations.own_member(bloc)
            if member is None:
                raise Http404
            report, table = computations.self_assessment(covenant, member, period)
            if kind == "xlsx":
                return _download(
                    member_template(covenant, member, period, table=table), f"tu-cham-diem-{year}-{period}.xlsx", XLSX
                )
            return _download(write_docx(report, agency), f"tu-cham-diem-{year}-{period}.docx", DOCX)
        if kind in ("summary-xlsx", "summary-docx") and computations.heads_bloc(bloc):
            if kind == "summary-xlsx":
                groups, lines = computations.summary(covenant, period)
                return _download(
                    summary_workbook(covenant, groups, lines, period), f"tong-hop-khoi-{year}-{period}.xlsx", XLSX
                )
            report = computations.bloc_summary_report(covenant, period)
            return _download(write_docx(report, agency), f"bao-cao-khoi-{year}-{period}.docx", DOCX)
        if kind == "results-xlsx":
            return _download(results_template(bloc), f"ket-qua-khoi-{year}.xlsx", XLSX)
    except DocumentTemplateError as error:
        messages.error(request, str(error))
        return redirect("emulation_bloc", bloc.pk)
    raise Http404


@permission_required(VIEW)
def member_workbook(request, pk, member_pk):
    """The self-score workbook of one member, blank, to send it (when the Sở heads the bloc)."""
    covenant = get_object_or_404(Covenant.objects.select_related("bloc"), pk=pk)
    member = get_object_or_404(BlocMember.objects.select_related("agency"), pk=member_pk, bloc_id=covenant.bloc_id)
    period = _period(request)
    name = f"tu-cham-diem-{covenant.bloc.year}-{member.agency.code.lower()}.xlsx"
    return _download(member_template(covenant, member, period), name, XLSX)
