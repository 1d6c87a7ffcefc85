"""Councils and their secret ballots, the read side: who sits on a council, the threshold each title needs, the
seal that finds a member's own ballot while it is open, and the order the votes give under the year's quota.

The writes (opening, voting, closing, settling ties, issuing the decision) are in emulation.services_councils,
re-exported by emulation.services. How the ballot stays secret: see emulation.models.BallotReceipt.
"""

import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext as _

from emulation.models import Council, CouncilMember, Person, RuleRow

# The share of women members at which a collective is preferred in a tie (Nghị định 152/2025/NĐ-CP, Điều 4).
WOMEN_SHARE = Fraction(70, 100)
TIE_SOURCE = "Nghị định 152/2025/NĐ-CP, Điều 4"
INITIATIVE_SOURCE = "Thông tư 18/2013/TT-BKHCN, Điều 8"


@dataclass(frozen=True)
class Threshold:
    """The votes in favour a title needs, as a share of ALL the council's members."""

    share: Fraction
    strict: bool  # more than the share, not at least
    source: str

    def passes(self, votes, size):
        if not size:
            return False
        got = Fraction(votes, size)
        return got > self.share if self.strict else got >= self.share

    def needed(self, size):
        """The fewest votes in favour that pass, out of `size` members."""
        return next((votes for votes in range(size + 1) if self.passes(votes, size)), size + 1)

    @property
    def label(self):
        if self.share.denominator == 3:
            amount = f"{self.share.numerator}/3"
        else:
            amount = f"{float(self.share * 100):g} %"
        return ("> " if self.strict else "≥ ") + amount

    def as_dict(self, size):
        return {"label": self.label, "source": self.source, "needed": self.needed(size)}


def percent_share(number):
    """A percentage as a fraction; 66.67 (or 66.66) reads as two thirds, 33.33 as one third."""
    share = Fraction(str(number)) / 100
    thirds = Fraction(round(share * 3), 3)
    if share.denominator != thirds.denominator and abs(share - thirds) < Fraction(1, 1000):
        return thirds
    return share


def threshold_for(council, title, kind, rule_set):
    """The threshold of `title` for a candidate of `kind` ("person" or "unit") at this council: the council-vote rule
    of the year's rule set for the title; for an initiative council, its own (two thirds unless it sets one) for
    every vote; else the council's own, else more than half of all members."""
    if council.kind == Council.Kind.INITIATIVE:
        if council.vote_threshold is not None:
            return Threshold(percent_share(council.vote_threshold), False, council.name)
        return Threshold(Fraction(2, 3), False, INITIATIVE_SOURCE)
    for rule in rule_set.rules_for(title, kind):
        if rule.id == RuleRow.Rule.COUNCIL_VOTE and rule.number:
            return Threshold(percent_share(rule.number), rule.strict, rule.source)
    if council.vote_threshold is not None:
        return Threshold(percent_share(council.vote_threshold), False, council.name)
    return Threshold(Fraction(1, 2), True, "")  # shown as "more than half: no council-vote rule for the title"


def seal(meeting, member):
    """The key of the member's sealed ballot while the ballot is open: an HMAC of the member's id under the server's
    SECRET_KEY and the meeting's random salt. Without both (the salt is cleared on closing) nothing finds it."""
    if not meeting.seal_salt:
        raise ValueError("The ballot is not open.")
    message = f"{meeting.pk}:{member.pk}:{meeting.seal_salt}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def seat(meeting, user):
    """The user's seat on the meeting's council, or None (not a member, or signed out)."""
    if not user.is_authenticated or not user.is_active:
        return None
    return CouncilMember.objects.filter(council_id=meeting.council_id, user=user).first()


def grouped(candidates):
    """Candidates grouped by title, in the title's order: [(title, [candidate, …]), …]."""
    groups = {}
    for candidate in candidates:
        groups.setdefault(candidate.title_id, (candidate.title, []))[1].append(candidate)
    return sorted(groups.values(), key=lambda group: (group[0].sort_order, group[0].name))


def women_share(unit_ids):
    """The share of women among each unit's active members, as a Fraction (0 for a unit with none on record)."""
    counts = defaultdict(lambda: [0, 0])
    for unit_id, gender in Person.objects.filter(unit__in=unit_ids, active=True).values_list("unit_id", "gender"):
        counts[unit_id][1] += 1
        counts[unit_id][0] += gender == Person.Gender.FEMALE
    return {unit_id: Fraction(women, total) for unit_id, (women, total) in counts.items() if total}


def tie_order(tied):
    """The tied candidates in the order suggested to the chair (Nghị định 152/2025/NĐ-CP, Điều 4): women first, then
    collectives whose members are at least 70 % women, then the others by name. Returns [(candidate, why)]."""
    shares = women_share([c.unit_id for c in tied if c.unit_id])

    def preference(candidate):
        if candidate.person_id and candidate.person.gender == Person.Gender.FEMALE:
            return 0, _("a woman")
        if candidate.unit_id and shares.get(candidate.unit_id, 0) >= WOMEN_SHARE:
            return 1, _("a collective with at least 70 % women")
        return 2, ""

    ordered = sorted(tied, key=lambda c: (preference(c)[0], str(c.subject)))
    return [(candidate, preference(candidate)[1]) for candidate in ordered]


def rank(candidates, threshold, size, remaining):
    """Set votes-based results on the candidates of one title (not saved): FAILED below the threshold; among those
    that pass, in the order of their votes, PASSED within `remaining` places (None: no quota), OVER_QUOTA after,
    and TIE for those equal at the last place when they do not all fit. Returns how many places the tie fills."""
    from emulation.models import MeetingCandidate

    Result = MeetingCandidate.Result
    ordered = sorted(candidates, key=lambda c: (-(c.votes_for or 0), str(c.subject)))
    passing = []
    for position, candidate in enumerate(ordered, start=1):
        candidate.rank = position
        if threshold.passes(candidate.votes_for or 0, size):
            passing.append(candidate)
        else:
            candidate.result = Result.FAILED
    if remaining is None or len(passing) <= remaining:
        for candidate in passing:
            candidate.result = Result.PASSED
        return 0
    if remaining <= 0:
        for candidate in passing:
            candidate.result = Result.OVER_QUOTA
        return 0
    last = passing[remaining - 1].votes_for
    above = [c for c in passing if c.votes_for > last]
    level = [c for c in passing if c.votes_for == last]
    below = [c for c in passing if c.votes_for < last]
    slots = remaining - len(above)
    for candidate in above:
        candidate.result = Result.PASSED
    for candidate in below:
        candidate.result = Result.OVER_QUOTA
    if len(level) <= slots:
        for candidate in level:
            candidate.result = Result.PASSED
        return 0
    for candidate in level:
        candidate.result = Result.TIE
    return slots


def member_meetings(user):
    """The meetings of the councils the user sits on, newest first, with the user's seat on each."""
    from emulation.models import CouncilMeeting

    seats = {seat.council_id: seat for seat in CouncilMember.objects.filter(user=user)}
    meetings = list(
        CouncilMeeting.objects.filter(council__in=seats.keys()).select_related("council").order_by("-date", "-pk")
    )
    for meeting in meetings:
        meeting.seat = seats[meeting.council_id]
    return meetings


def open_ballots():
    """The open ballots, each with its council and how many of its members have voted: for the office's Today
    panel. One query however many."""
    from django.db.models import Count

    from emulation.models import CouncilMeeting

    meetings = list(
        CouncilMeeting.objects.filter(status=CouncilMeeting.Status.OPEN)
        .select_related("council")
        .annotate(voted=Count("receipts", distinct=True), size=Count("council__members", distinct=True))
        .order_by("date", "pk")
    )
    return meetings
