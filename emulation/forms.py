"""Admin and portal forms. They check shape; the rules come from emulation.rules through the services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from emulation import rules
from emulation.models import Award, Person, Title, Unit


class AwardAdminForm(WagtailAdminModelForm):
    """Refuses, next to the field, an award that breaks the year's rules, naming each rule and its source."""

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        names = ("year", "person", "unit", "title", "decision", "votes_for", "council_size")
        fields = {name: cleaned.get(name) for name in names}
        if not fields["year"] or not fields["title"] or not (fields["person"] or fields["unit"]):
            return cleaned
        if cleaned.get("withdrawn_on"):  # withdrawing an award (a corrected decision) gives nothing to check
            return cleaned
        award = Award(pk=self.instance.pk, **fields)
        try:
            reasons = rules.check_award(award)
        except rules.RuleSetMissing as missing:
            self.add_error("year", str(missing))
            return cleaned
        for reason in reasons:
            field = {"council-vote": "votes_for", "decided-by": "decision"}.get(reason.rule, "title")
            self.add_error(field, str(reason))
        return cleaned


class OpenYearForm(forms.Form):
    year = forms.IntegerField(label=_("New year"), min_value=2000, max_value=2100)
    source = forms.IntegerField(label=_("Copy from the year"), min_value=2000, max_value=2100)


class ImportForm(forms.Form):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"), help_text=_("In the exchange format: download the template below.")
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if not upload.name.lower().endswith(".xlsx") or upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Choose an .xlsx workbook of at most 20 MB."))
        return upload


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class EligibilityForm(YearForm):
    """The eligibility screen's filters: the year, and optionally a unit, a title and eligible or not."""

    ELIGIBLE_CHOICES = [("", _("All")), ("yes", _("Eligible")), ("no", _("Not eligible"))]

    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.filter(active=True).exclude(kind__in=rules.NON_CANDIDATE_KINDS),
        required=False,
        empty_label=_("All units"),
    )
    title = forms.ModelChoiceField(
        label=_("Title or form"),
        queryset=Title.objects.order_by("sort_order", "name"),
        required=False,
        empty_label=_("All titles and forms"),
    )
    eligible = forms.ChoiceField(label=_("Result"), choices=ELIGIBLE_CHOICES, required=False)


class PledgeForm(forms.Form):
    """The unit's registration: its collective title and its pledge (plain text, kept as typed)."""

    collective_title = forms.ModelChoiceField(
        label=_("Collective title"), queryset=Title.objects.none(), required=False, empty_label=_("(none)")
    )
    pledge = forms.CharField(
        label=_("Pledge"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the unit commits to this year, as plain text: its line breaks are kept."),
    )

    def __init__(self, *args, titles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collective_title"].queryset = Title.objects.filter(pk__in=[t.pk for t in titles])


class EntryForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    title = forms.ModelChoiceField(
        label=pgettext_lazy("emulation title", "Title"), queryset=Title.objects.none(), required=False
    )

    def __init__(self, *args, people=None, titles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()
        self.fields["title"].queryset = Title.objects.filter(pk__in=[t.pk for t in titles])

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("person")) != bool(cleaned.get("title")):
            raise forms.ValidationError(_("Choose both the person and the title, or leave the row empty."))
        return cleaned


EntryFormSet = forms.formset_factory(EntryForm, extra=3, can_delete=True, max_num=500)


class InitiativeForm(forms.Form):
    """An initiative as the unit registers it, or corrects it (`editing`: the file may be left as it is)."""

    key = forms.CharField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Name of the initiative"), max_length=300)
    authors = forms.ModelMultipleChoiceField(
        label=_("Authors"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose the authors among the active people of your unit.")},
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(
        label=_("Attachment"), help_text=_("PDF, Word (.docx) or an image (PNG, JPEG), at most 10 MB.")
    )

    def __init__(self, *args, people=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authors"].queryset = people if people is not None else Person.objects.none()
        self.attachment_kind = None
        if editing:
            del self.fields["key"]
            self.fields["attachment"].required = False
            self.fields["attachment"].label = _("Replace the file")
            self.fields["attachment"].help_text = _(
                "Leave empty to keep the current file. PDF, Word (.docx) or an image (PNG, JPEG), at most 10 MB; "
                "the current file is kept in the initiative's history."
            )

    def clean_attachment(self):
        from emulation.uploads import attachment_kind

        upload = self.cleaned_data["attachment"]
        if upload:
            self.attachment_kind = attachment_kind(upload)
        return upload


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScanForm(forms.Form):
    scan = forms.FileField(
        label=_("Signed copy (scan)"),
        help_text=_("The printed registration, signed and stamped, scanned as PDF, PNG or JPEG, at most 10 MB."),
    )

    def clean_scan(self):
        from emulation.uploads import attachment_kind

        upload = self.cleaned_data["scan"]
        self.scan_kind = attachment_kind(upload)
        if self.scan_kind not in ("pdf", "png", "jpg"):
            raise forms.ValidationError(_("Only PDF and image (PNG, JPEG) files are accepted for the signed copy."))
        return upload


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(
        label=_("Period"), choices=[("half-year", _("first six months")), ("year-end", _("whole year"))]
    )


class ReportDocumentForm(forms.Form):
    """What the Word report says besides the figures: its number, place and date, recipients and signer. Fields left
    out of the request take their defaults (emulation.reports.docx_defaults)."""

    number = forms.CharField(
        label=_("Document number"),
        max_length=20,
        required=False,
        help_text=_("Only the number, e.g. 45 for Số: 45/BC-SCT; leave blank to write it by hand."),
    )
    place = forms.CharField(
        label=_("Place name"),
        max_length=100,
        error_messages={"required": _("Enter the place in the dated line, e.g. Gia Lai.")},
    )
    issued_on = forms.DateField(
        label=_("Date of issue"),
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={
            "invalid": _("Enter the date as dd/mm/yyyy, e.g. 31/12/2020."),
            "required": _("Enter the date of issue (dd/mm/yyyy)."),
        },
    )
    recipients = forms.CharField(
        label=_("Recipients"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line."),
        error_messages={"required": _("List at least one recipient, one per line.")},
    )
    signer_capacity = forms.CharField(
        label=_("Signer's capacity"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One line each, e.g. KT. GIÁM ĐỐC then PHÓ GIÁM ĐỐC."),
    )
    signer_name = forms.CharField(label=_("Signer's name"), max_length=200, required=False)

    @classmethod
    def for_request(cls, query, defaults):
        """Bound to `query` (the download's GET) over `defaults`: a field the request leaves out keeps its default,
        one sent blank is blank."""
        data = {
            **defaults,
            "issued_on": defaults["issued_on"].strftime("%d/%m/%Y"),
            "recipients": "\n".join(defaults["recipients"]),
        }
        data.update({name: query[name] for name in cls.base_fields if name in query})
        return cls(data)

    @classmethod
    def unbound(cls, defaults):
        return cls(initial={**defaults, "recipients": "\n".join(defaults["recipients"])})

    def clean_recipients(self):
        from portal.documents import document_lines

        lines = document_lines(self.cleaned_data["recipients"])
        if not lines:
            raise forms.ValidationError(_("List at least one recipient, one per line."))
        return lines
