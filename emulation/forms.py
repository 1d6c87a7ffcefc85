"""Admin and portal forms. They check shape; the rules come from emulation.rules through the services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from emulation import rules
from emulation.models import Award, Person, Title


class AwardAdminForm(WagtailAdminModelForm):
    """Refuses, next to the field, an award that breaks the year's rules, naming each rule and its source."""

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        fields = {name: cleaned.get(name) for name in ("year", "person", "unit", "title", "votes_for", "council_size")}
        if not fields["year"] or not fields["title"] or not (fields["person"] or fields["unit"]):
            return cleaned
        award = Award(pk=self.instance.pk, **fields)
        try:
            reasons = rules.check_award(award)
        except rules.RuleSetMissing as missing:
            self.add_error("year", str(missing))
            return cleaned
        for reason in reasons:
            field = "votes_for" if reason.rule == "council-vote" else "title"
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
    key = forms.CharField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Name of the initiative"), max_length=300)
    authors = forms.ModelMultipleChoiceField(
        label=_("Authors"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(
        label=_("Attachment"), help_text=_("PDF, Word (.docx) or an image (PNG, JPEG), at most 10 MB.")
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authors"].queryset = people if people is not None else Person.objects.none()

    def clean_attachment(self):
        from emulation.uploads import attachment_kind

        upload = self.cleaned_data["attachment"]
        self.attachment_kind = attachment_kind(upload)
        return upload


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(
        label=_("Period"), choices=[("half-year", _("first six months")), ("year-end", _("whole year"))]
    )
