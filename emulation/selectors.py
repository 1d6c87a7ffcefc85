"""Reads for screens, exports and commands."""

from django.utils.translation import gettext as _


def eligibility_document(year, result):
    """The eligibility of a year as the exchange format's JSON document (records-exchange.md, section 2)."""
    return {
        "year": year,
        "rule_set": result["rule_set"].name,
        "candidates": [
            {
                "code": candidate["code"],
                "kind": candidate["kind"],
                "name": candidate["name"],
                "unit": candidate["unit"],
                "titles": [
                    {
                        "title": item["title"].name,
                        "eligible": item["eligible"],
                        "reasons": [reason.as_dict() for reason in item["reasons"]],
                        "decided_by": str(item["decided_by"]),
                        "proposal": item["proposal"],
                    }
                    for item in candidate["titles"]
                ],
            }
            for candidate in result["candidates"]
        ],
        "quotas": [
            {"title": q["title"].name, "base_title": q["base_title"].name, "base": q["base"], "max": q["max"]}
            for q in result["quotas"]
        ],
    }


def eligibility_table(year, *, unit=None, title=None, eligible=None):
    """What the eligibility screen counts and lists, from the year's summary (rules.eligibility_summary): the
    candidates [(kind, id)] within a unit (its people and the unit itself), judged for a title, eligible or not for
    it (True/False; None for both); per title, how many are eligible and how many were judged within the unit and
    title chosen (whatever `eligible` says); the quotas and the rule set. No query once the summary is made."""
    from emulation import rules

    summary = rules.eligibility_summary(year)
    keys, counts = [], {}
    for kind, pk, unit_id, verdicts in summary["candidates"]:
        if unit is not None and unit_id != unit.pk:
            continue
        found = {title_id: ok for title_id, ok in verdicts.items() if title is None or title_id == title.pk}
        for title_id, ok in found.items():
            count = counts.setdefault(title_id, {"eligible": 0, "judged": 0})
            count["judged"] += 1
            count["eligible"] += ok
        if any(eligible is None or ok is eligible for ok in found.values()):
            keys.append((kind, pk))
    titles = summary["rule_set"].titles
    counts = [{"title": titles[title_id], **count} for title_id, count in counts.items()]
    counts.sort(key=lambda count: (count["title"].sort_order, count["title"].name))
    return {"rule_set": summary["rule_set"], "keys": keys, "counts": counts, "quotas": summary["quotas"]}


def narrow_candidates(candidates, *, unit=None, title=None, eligible=None):
    """The candidates of rules.eligibility with the titles the screen's filters keep (as eligibility_table)."""
    narrowed = []
    for candidate in candidates:
        if unit is not None and candidate["unit"] != unit.code:
            continue
        items = [item for item in candidate["titles"] if title is None or item["title"].pk == title.pk]
        items = [item for item in items if eligible is None or item["eligible"] is eligible]
        if items:
            narrowed.append({**candidate, "titles": items})
    return narrowed


def open_emulation_year(today=None):
    """The year in progress: the latest year with a deadline (or a unit's extension) still ahead on `today`, else
    the latest year; None when there is no year. Two queries."""
    from django.utils import timezone

    from emulation.models import EmulationYear

    today = today or timezone.localdate()
    years = list(EmulationYear.objects.order_by("-year").prefetch_related("extensions"))
    for emulation_year in years:
        dates = [
            emulation_year.registration_deadline,
            emulation_year.initiative_deadline,
            emulation_year.scoring_deadline,
            emulation_year.evaluation_deadline,
        ] + [extension.until for extension in emulation_year.extensions.all()]
        if any(date and date >= today for date in dates):
            return emulation_year
    return years[0] if years else None


def initiative_score_table(initiative):
    """The council's scores of an initiative: the criteria, and for each member the points per criterion and the
    sum; then the average of the members' sums (the initiative's total). One query."""
    from emulation.models import InitiativeScore

    scores = InitiativeScore.objects.filter(initiative=initiative).select_related("criterion")
    criteria, members = {}, {}
    for score in scores:
        criteria.setdefault(score.criterion_id, score.criterion)
        members.setdefault(score.member, {})[score.criterion_id] = score.points
    columns = sorted(criteria.values(), key=lambda c: (c.sort_order or 0, c.pk))
    rows = [
        {"member": member, "points": [points.get(c.pk) for c in columns], "total": sum(points.values())}
        for member, points in members.items()
    ]
    average = round(sum(row["total"] for row in rows) / len(rows), 2) if rows else None
    return {"criteria": columns, "rows": rows, "average": average}


def missing_units(emulation_year, kind):
    """The participating units that have not submitted for a deadline: their registration ("registration"), or
    any initiative of the year ("initiative"). Two queries."""
    from emulation.models import EmulationRegistration, Initiative, RegistrationStatus

    units = list(emulation_year.participants.filter(active=True).order_by("sort_order", "name"))
    if kind == "registration":
        done = set(
            EmulationRegistration.objects.filter(
                year=emulation_year.year, status__in=[RegistrationStatus.SUBMITTED, RegistrationStatus.ACCEPTED]
            ).values_list("unit_id", flat=True)
        )
    else:
        initiatives = Initiative.objects.filter(year=emulation_year.year).exclude(result=Initiative.Result.WITHDRAWN)
        done = set(initiatives.values_list("unit_id", flat=True))
    return [unit for unit in units if unit.pk not in done]


def registration_history(registration):
    """[(when, status label, who, reason)]: each time the registration's status changed (saved as a draft,
    submitted, returned with the office's reason, accepted), oldest first, from its revisions. Two queries."""
    from emulation.models import RegistrationStatus

    labels = dict(RegistrationStatus.choices)
    steps, previous, scan = [], None, ""
    for revision in registration.revisions.select_related("user").order_by("created_at", "pk"):
        status = revision.content.get("status")
        who = revision.user.get_full_name() or revision.user.get_username() if revision.user else ""
        if revision.content.get("signed_scan") and revision.content.get("signed_scan") != scan:
            scan = revision.content["signed_scan"]
            steps.append((revision.created_at, _("signed copy attached"), who, ""))
        if status == previous:
            continue
        previous = status
        reason = revision.content.get("return_reason", "") if status == RegistrationStatus.RETURNED else ""
        steps.append((revision.created_at, labels.get(status, status), who, reason))
    return steps


def initiative_history(initiative):
    """[(when, event, who, detail, old file's revision id or None)]: the initiative registered, corrected (which
    fields), its file replaced, withdrawn (with the reason), its result recorded by the office; oldest first, from
    its log entries and their revisions (downloads left out). One query."""
    from wagtail.log_actions import registry

    from emulation.models import Initiative
    from emulation.services import INITIATIVE_CORRECTED, INITIATIVE_WITHDRAWN

    results = dict(Initiative.Result.choices)
    field_labels = {"title": _("name"), "summary": _("summary"), "authors": _("authors")}
    entries = (
        registry.get_logs_for_instance(initiative)
        .filter(action__in=["wagtail.create", "wagtail.edit", INITIATIVE_CORRECTED, INITIATIVE_WITHDRAWN])
        .select_related("user", "revision")
        .order_by("timestamp", "pk")
    )
    steps, result = [], Initiative.Result.PENDING
    for entry in entries:
        data = entry.data or {}
        content = entry.revision.content if entry.revision_id else {}
        who = entry.user.get_full_name() or entry.user.get_username() if entry.user else ""
        event, detail, old_file = None, "", None
        if entry.action == "wagtail.create":
            event = _("registered")
        elif entry.action == INITIATIVE_CORRECTED:
            parts = []
            if data.get("fields"):
                names = ", ".join(str(field_labels.get(name, name)) for name in data["fields"])
                parts.append(_("corrected (%(fields)s)") % {"fields": names})
            if data.get("file"):
                parts.append(_("file replaced"))
                old_file = data.get("old_file_revision")
            event = "; ".join(parts)
        elif entry.action == INITIATIVE_WITHDRAWN:
            event, detail = _("withdrawn by the unit"), data.get("reason", "")
        elif content.get("result", result) != result:
            event = _("result recorded by the office: %(result)s") % {"result": results.get(content["result"])}
        else:
            event = _("changed by the office")
        result = content.get("result", result)
        steps.append((entry.timestamp, event, who, detail, old_file))
    return steps


def commendation_history(subject):
    """Every registration, initiative, evaluation and award of a person or a unit across the years, newest first,
    as rows of (year, kind, detail, status). A fixed number of queries."""
    from emulation.models import Award, EmulationRegistration, Evaluation, Initiative, Person, RegistrationEntry

    rows = []
    if isinstance(subject, Person):
        for entry in RegistrationEntry.objects.filter(person=subject).select_related("registration", "title"):
            rows.append(
                (entry.registration.year, "registration", entry.title.name, entry.registration.get_status_display())
            )
        initiatives = Initiative.objects.filter(authors=subject)
        evaluations = Evaluation.objects.filter(person=subject)
        awards = Award.objects.filter(person=subject)
    else:
        for registration in EmulationRegistration.objects.filter(unit=subject).select_related("collective_title"):
            rows.append(
                (
                    registration.year,
                    "registration",
                    registration.collective_title.name if registration.collective_title else "",
                    registration.get_status_display(),
                )
            )
        initiatives = Initiative.objects.filter(unit=subject)
        evaluations = Evaluation.objects.filter(unit=subject)
        awards = Award.objects.filter(unit=subject)
    for initiative in initiatives:
        rows.append(
            (initiative.year, "initiative", f"{initiative.code} – {initiative.title}", initiative.get_result_display())
        )
    for evaluation in evaluations:
        rows.append(
            (
                evaluation.year,
                "evaluation",
                evaluation.get_grade_display(),
                evaluation.get_discipline_display() if evaluation.discipline else "",
            )
        )
    for award in awards.select_related("title", "decision"):
        rows.append((award.year, "award", award.title.name, str(award.decision) if award.decision else ""))
    order = {"registration": 0, "initiative": 1, "evaluation": 2, "award": 3}
    return sorted(rows, key=lambda row: (-row[0], order[row[1]]))


def public_awards(*, year=None, unit=None, title=None):
    """The public awards (portal.public), for the honour roll and the open data: who, which title, which year, by
    which decision. Never grades, discipline or eligibility reasons (personal data)."""
    from django.db.models import Q

    from portal import public

    awards = public.awards()
    if year:
        awards = awards.filter(year=year)
    if unit:
        awards = awards.filter(Q(unit=unit) | Q(person__unit=unit))
    if title:
        awards = awards.filter(title=title)
    return awards.order_by("-year", "title__sort_order", "unit__sort_order", "person__full_name", "pk")


def public_award_titles():
    """The ids of the titles and forms that have public awards (the honour roll's title filter offers only those)."""
    from portal import public

    return list(public.awards().values_list("title_id", flat=True).distinct().order_by())


def public_award_years():
    from portal import public

    return list(public.awards().values_list("year", flat=True).distinct().order_by("-year"))
