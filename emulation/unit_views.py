"""The unit portal: where a unit's staff register for emulation and follow their submissions. Not the admin."""

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from emulation import rules, services
from emulation.files import may_see
from emulation.forms import EntryFormSet, InitiativeForm, PledgeForm, ScanForm, WithdrawForm
from emulation.importers import ImportFailed, entries_template, read_entries
from emulation.models import EmulationRegistration, EmulationYear, Initiative, Person, RegistrationStatus, Title
from emulation.selectors import initiative_history, registration_history
from emulation.views import XLSX
from portal import ratelimit
from portal.models import AgencySettings
from portal.sanitize import xlsx_bytes

SUBMISSIONS_PER_MINUTE = 20


def unit_required(view):
    """Signed in, and a member of a unit; the unit is then `request.unit`."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        account = getattr(request.user, "unit_account", None)
        if account is None:
            return TemplateResponse(request, "emulation/unit/no_unit.html", status=403)
        request.unit = account.unit
        return view(request, *args, **kwargs)

    return wrapper


def rate_limited(request):
    return ratelimit.hit(f"submit:{request.user.pk}", 60) > SUBMISSIONS_PER_MINUTE


def deadline_rows(emulation_year, unit):
    today = timezone.localdate()
    rows = []
    for kind, label, deadline in (
        ("registration", _("Emulation registration"), emulation_year.registration_deadline),
        ("initiative", _("Initiative registration"), emulation_year.initiative_deadline),
    ):
        if deadline is None:
            continue
        rows.append(
            {
                "label": label,
                "date": deadline,
                "days_left": (deadline - today).days,
                "open": rules.deadline_met(emulation_year, kind, unit=unit),
            }
        )
    return rows


def open_year(unit):
    """The year whose forms are open for the unit (the earliest still open), else the latest year.
    Only this year's and later ones are asked (two queries each), however many past years there are."""
    years = list(EmulationYear.objects.filter(year__gte=timezone.localdate().year).order_by("year"))
    if not years:
        years = list(EmulationYear.objects.order_by("-year")[:1])
    for emulation_year in years:
        if rules.deadline_met(emulation_year, "registration", unit=unit) or rules.deadline_met(
            emulation_year, "initiative", unit=unit
        ):
            return emulation_year
    return years[-1] if years else None


@unit_required
def dashboard(request):
    unit = request.unit
    current = open_year(unit)
    registrations = {reg.year: reg for reg in unit.registrations.select_related("collective_title")}
    initiatives = list(Initiative.objects.filter(unit=unit).order_by("-year", "code"))
    missing = []
    if current:
        registration = registrations.get(current.year)
        if registration is None or registration.status in services.EDITABLE:
            missing.append(
                _("The emulation registration for %(year)s has not been submitted.") % {"year": current.year}
            )
        if not any(
            initiative.year == current.year and initiative.result != Initiative.Result.WITHDRAWN
            for initiative in initiatives
        ):
            missing.append(_("No initiative registered for %(year)s yet.") % {"year": current.year})
    context = {
        "unit": unit,
        "current": current,
        "deadlines": deadline_rows(current, unit) if current else [],
        "registrations": sorted(registrations.values(), key=lambda reg: -reg.year),
        "initiatives": initiatives,
        "missing": missing,
    }
    return TemplateResponse(request, "emulation/unit/dashboard.html", context)


def due(emulation_year, unit, kind):
    """The unit's own deadline for `kind` (the year's, or its extension) and the days left, for the form's top."""
    date, _extended = rules.unit_deadline(emulation_year, kind, unit)
    return {"date": date, "days_left": (date - timezone.localdate()).days} if date else None


def offered(year, kind):
    return [title for title in rules.rule_set_for(year).offered_titles(kind) if title.category == Title.Category.TITLE]


@unit_required
@require_http_methods(["GET", "POST"])
def registration(request, year):
    unit = request.unit
    emulation_year = get_object_or_404(EmulationYear, year=year)
    current = services.registration_for(unit=unit, year=year)
    probe = current or services.EmulationRegistration(unit=unit, year=year)
    is_open = services.registration_open(probe)
    editable = is_open and (current is None or current.status in services.EDITABLE)
    people = unit.people.filter(active=True)
    kwargs = {"titles": offered(year, "unit")}
    entry_kwargs = {"people": people, "titles": offered(year, "person")}
    import_errors = []
    if request.method == "POST" and editable and "import" in request.POST:
        # Fill the rows from the unit's workbook; nothing is saved until the unit saves or submits.
        form = PledgeForm(request.POST, **kwargs)
        rows = []
        try:
            upload = request.FILES.get("entries_file")
            if upload is None:
                raise ImportFailed([_("Choose the filled-in workbook first.")])
            rows = [{"person": p, "title": t} for p, t in read_entries(upload, unit, entry_kwargs["titles"])]
        except ImportFailed as failed:
            import_errors = failed.errors
        else:
            messages.success(
                request,
                _("%(count)s rows read from the workbook: check them, then save or submit.") % {"count": len(rows)},
            )
        formset = (
            EntryFormSet(initial=rows, form_kwargs=entry_kwargs, prefix="entries")
            if rows
            else EntryFormSet(request.POST, form_kwargs=entry_kwargs, prefix="entries")
        )
    elif request.method == "POST" and editable:
        if rate_limited(request):
            return TemplateResponse(request, "429.html", status=429)
        form = PledgeForm(request.POST, **kwargs)
        formset = EntryFormSet(request.POST, form_kwargs=entry_kwargs, prefix="entries")
        if form.is_valid() and formset.is_valid():
            entries = [
                (row["person"], row["title"])
                for row in formset.cleaned_data
                if row and row.get("person") and not row.get("DELETE")
            ]
            try:
                saved = services.registration_save(
                    unit=unit,
                    year=year,
                    user=request.user,
                    collective_title=form.cleaned_data["collective_title"],
                    pledge=form.cleaned_data["pledge"],
                    entries=entries,
                )
                if "submit" in request.POST:
                    services.registration_submit(registration=saved, user=request.user)
                    return redirect("unit_registration_receipt", year=year)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Draft saved. Submit it when it is complete."))
                return redirect("unit_registration", year=year)
    elif request.method == "POST":
        messages.error(request, _("This registration can no longer be changed."))
        return redirect("unit_registration", year=year)
    else:
        initial = {}
        rows = []
        if current:
            initial = {"collective_title": current.collective_title, "pledge": current.pledge}
            rows = [{"person": e.person, "title": e.title} for e in current.entries.select_related("person", "title")]
        form = PledgeForm(initial=initial, **kwargs)
        formset = EntryFormSet(initial=rows, form_kwargs=entry_kwargs, prefix="entries")
    context = {
        "unit": unit,
        "emulation_year": emulation_year,
        "registration": current,
        "entries": list(current.entries.select_related("person", "title")) if current else [],
        "history": registration_history(current) if current else [],
        "editable": editable,
        "is_open": is_open,
        "form": form,
        "formset": formset,
        "due": due(emulation_year, unit, "registration"),
        "import_errors": import_errors,
    }
    return TemplateResponse(request, "emulation/unit/registration.html", context)


@unit_required
def registration_template(request, year):
    get_object_or_404(EmulationYear, year=year)
    response = HttpResponse(xlsx_bytes(entries_template(request.unit, offered(year, "person"))), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="dang-ky-ca-nhan-{year}-{request.unit.code.lower()}.xlsx"'
    return response


@unit_required
def registration_receipt(request, year):
    current = services.registration_for(unit=request.unit, year=year)
    if current is None or current.status not in (RegistrationStatus.SUBMITTED, RegistrationStatus.ACCEPTED):
        raise Http404
    context = {
        "unit": request.unit,
        "registration": current,
        "entries": list(current.entries.select_related("person", "title")),
        "emailed": services.registration_emailed(current),
    }
    return TemplateResponse(request, "emulation/unit/receipt.html", context)


def add_service_errors(form, error):
    """A service's refusal shown on the form: next to its field when it names one of the form's, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def unit_initiative(request, pk):
    return get_object_or_404(Initiative.objects.filter(unit=request.unit).select_related("unit"), pk=pk)


def initiative_page(request, initiative, withdraw_form=None):
    """The unit's initiative: its facts, its history, and while it may change, the links to correct or withdraw it;
    otherwise the sentence saying why it is read-only."""
    context = {
        "unit": request.unit,
        "initiative": initiative,
        "authors": list(initiative.authors.all()),
        "history": initiative_history(initiative),
        "locked": services.initiative_lock_reason(initiative),
        "withdraw_form": withdraw_form or WithdrawForm(),
    }
    return TemplateResponse(request, "emulation/unit/initiative.html", context)


@unit_required
def initiative_detail(request, pk):
    return initiative_page(request, unit_initiative(request, pk))


@unit_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk):
    """Correct the initiative (name, authors, summary) and replace its file, before the deadline."""
    unit = request.unit
    initiative = unit_initiative(request, pk)
    authors = list(initiative.authors.values_list("pk", flat=True))
    people = Person.objects.filter(unit=unit).filter(Q(active=True) | Q(pk__in=authors))  # and who left since
    if request.method == "POST":
        if rate_limited(request):
            return TemplateResponse(request, "429.html", status=429)
        form = InitiativeForm(request.POST, request.FILES, people=people, editing=True)
        reason = services.initiative_lock_reason(initiative)  # the service checks again, under a row lock
        if reason:
            form.add_error(None, reason)
        elif form.is_valid():
            try:
                updated = services.initiative_update(
                    initiative=initiative,
                    unit=unit,
                    title=form.cleaned_data["title"],
                    authors=list(form.cleaned_data["authors"]),
                    summary=form.cleaned_data["summary"],
                    attachment=form.cleaned_data["attachment"],
                    kind=form.attachment_kind,
                    user=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if updated.changes:
                    messages.success(request, _("The initiative was corrected; the previous version is kept."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("unit_initiative", pk=initiative.pk)
    else:
        reason = services.initiative_lock_reason(initiative)
        if reason:
            messages.error(request, reason)
            return redirect("unit_initiative", pk=initiative.pk)
        initial = {"title": initiative.title, "summary": initiative.summary, "authors": authors}
        form = InitiativeForm(initial=initial, people=people, editing=True)
    context = {
        "unit": unit,
        "initiative": initiative,
        "form": form,
        "file_lost": request.method == "POST" and bool(request.FILES) and form.errors,
    }
    return TemplateResponse(request, "emulation/unit/initiative_edit.html", context)


@unit_required
@require_POST
def initiative_withdraw(request, pk):
    initiative = unit_initiative(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.initiative_withdraw(
                initiative=initiative, unit=request.unit, reason=form.cleaned_data["reason"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The initiative was withdrawn. It is kept here as a record."))
            return redirect("unit_initiative", pk=initiative.pk)
    return initiative_page(request, initiative, withdraw_form=form)


def registration_print(request, pk):
    """The registration laid out as an administrative document (Nghị định 30/2020/NĐ-CP) to print, sign and stamp.
    For the unit, the office, the councils and administrators; 404 for anyone else."""
    registration = EmulationRegistration.objects.select_related("unit", "collective_title").filter(pk=pk).first()
    if registration is None or not may_see(request.user, registration.unit):
        raise Http404
    context = {
        "agency": AgencySettings.for_request(request),
        "registration": registration,
        "unit": registration.unit,
        "entries": list(registration.entries.select_related("person", "title").order_by("sort_order", "pk")),
        "dated": timezone.localtime(registration.submitted_at).date() if registration.submitted_at else None,
        "back_url": reverse("unit_registration", args=[registration.year])
        if getattr(request.user, "unit_account", None)
        else reverse("emulation_review_registration", args=[registration.pk]),
    }
    return TemplateResponse(request, "emulation/registration_print.html", context)


@unit_required
@require_http_methods(["GET", "POST"])
def registration_scan(request, year):
    """Attach the signed scan of the printed registration, or replace it, before the deadline."""
    registration = get_object_or_404(EmulationRegistration.objects.select_related("unit"), unit=request.unit, year=year)
    is_open = services.registration_open(registration)
    form = ScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_attach_scan(
                registration=registration,
                unit=request.unit,
                upload=form.cleaned_data["scan"],
                kind=form.scan_kind,
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The signed copy was attached to the registration."))
            return redirect("unit_registration", year=year)
    context = {"unit": request.unit, "registration": registration, "form": form, "is_open": is_open}
    return TemplateResponse(request, "emulation/unit/registration_scan.html", context)


@unit_required
@require_http_methods(["GET", "POST"])
def initiative_new(request, year):
    unit = request.unit
    emulation_year = get_object_or_404(EmulationYear, year=year)
    is_open = rules.deadline_met(emulation_year, "initiative", unit=unit)
    people = unit.people.filter(active=True)
    if request.method == "POST" and is_open:
        if rate_limited(request):
            return TemplateResponse(request, "429.html", status=429)
        form = InitiativeForm(request.POST, request.FILES, people=people)
        if form.is_valid():
            try:
                initiative = services.initiative_submit(
                    unit=unit,
                    year=year,
                    title=form.cleaned_data["title"],
                    authors=list(form.cleaned_data["authors"]),
                    summary=form.cleaned_data["summary"],
                    attachment=form.cleaned_data["attachment"],
                    kind=form.attachment_kind,
                    user=request.user,
                    key=form.cleaned_data["key"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if getattr(initiative, "repeated", False):  # the same form sent twice, or from two tabs at once
                    saved = timezone.localtime(initiative.created_at) if initiative.created_at else None
                    messages.info(
                        request,
                        _("This initiative was already saved at %(time)s: it is registered once.")
                        % {"time": saved.strftime("%H:%M %d/%m/%Y") if saved else "–"},
                    )
                else:
                    messages.success(request, _("The initiative was registered."))
                return redirect("unit_initiative", pk=initiative.pk)
    else:
        form = InitiativeForm(initial={"key": uuid.uuid4().hex}, people=people)
    context = {
        "unit": unit,
        "emulation_year": emulation_year,
        "form": form,
        "is_open": is_open,
        "due": due(emulation_year, unit, "initiative"),
        "file_lost": request.method == "POST" and bool(request.FILES) and form.errors,
    }
    return TemplateResponse(request, "emulation/unit/initiative_form.html", context)
