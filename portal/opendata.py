"""Open data (Dữ liệu mở): the public awards and decisions (portal.public) as CSV and JSON downloads, linked from the
honour roll. CSV: UTF-8 with a byte-order mark (a spreadsheet opens it with its Vietnamese letters intact), the
field names on the first line, every cell through portal.sanitize.csv_cell. JSON: the licence, the fields with
their meaning, and the rows. One query each (two with the agency's licence line); cached like any anonymous page.
"""

import csv
import io
import json

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from portal import public
from portal.sanitize import csv_cell

DATASETS = {
    "khen-thuong": (public.AWARD_FIELDS, public.award_row, lambda: public.awards().order_by("-year", "pk")),
    "quyet-dinh": (public.DECISION_FIELDS, public.decision_row, lambda: public.decisions().order_by("-date", "pk")),
}


def licence_line(request):
    from portal.models import AgencySettings

    return AgencySettings.for_request(request).open_data_licence


def _csv(fields, rows):
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow([name for name, _, _ in fields])
    for row in rows:
        writer.writerow([csv_cell("" if row[name] is None else str(row[name])) for name, _, _ in fields])
    return output.getvalue()


@require_safe
def download(request, dataset, extension):
    fields, row, queryset = DATASETS[dataset]
    rows = (row(item) for item in queryset().iterator(chunk_size=500))
    if extension == "csv":
        response = HttpResponse(_csv(fields, rows), content_type="text/csv; charset=utf-8")
    else:
        document = {
            "licence": licence_line(request),
            "source": request.build_absolute_uri(request.path),
            "fields": [
                {"name": name, "meaning": str(meaning), "example": example} for name, meaning, example in fields
            ],
            "items": list(rows),
        }
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{dataset}.{extension}"'
    return response
