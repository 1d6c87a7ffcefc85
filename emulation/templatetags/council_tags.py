"""The link to the council ballots, for the accounts that sit on a council."""

from django import template

register = template.Library()


@register.inclusion_tag("emulation/council/seat_link.html", takes_context=True)
def council_link(context):
    from emulation.models import CouncilMember

    user = context["request"].user
    seated = user.is_authenticated and CouncilMember.objects.filter(user=user).exists()
    return {"seated": seated}
