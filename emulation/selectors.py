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
