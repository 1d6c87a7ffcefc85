"""Admin and portal forms. They check shape; the rules come from emulation.rules through the services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from emulation import rules
from emulation.models import Award


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
