"""Reads for screens, exports and commands."""


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
