"""Ratings of resolved requests, 1 to 5, with comments that say why.

The score follows what happened (late, reopened, escalated two levels or more) and the
provider's profile; low ratings always carry a comment naming the reason (slow, no updates,
bounced around, reopened, supplier delays), middle ones mostly, good ones sometimes.
"""

from __future__ import annotations

import random

from . import texts
from .plans import choose
from .profiles import STRUGGLING, Profile


def rate(rng: random.Random, profile: Profile, agreement_id: str, service_id: str, late: bool,
         levels: int, reopened: bool) -> tuple[int, str]:
    """A 1-5 rating from what happened, and a comment that says why (always for low ones)."""
    score = 4.4 + profile.mood - 2.2 * late - 0.6 * reopened - 0.4 * (levels >= 2)
    rating = int(min(5, max(1, round(score + rng.gauss(0.0, 0.7)))))
    if rating <= 2:
        reasons = ["slow"] if late else ["no_updates"]
        if levels >= 2:
            reasons.append("bounced")
        if reopened:
            reasons.append("reopened")
        if agreement_id == STRUGGLING and service_id == "supplier-expedite":
            reasons.append("supplier")
        if not late:
            reasons.append("bounced")
        return rating, choose(rng, texts.COMMENTS[choose(rng, reasons)])
    if rating == 3:
        if rng.random() < 0.7:
            return rating, choose(rng, texts.COMMENTS[choose(rng, ("ok", "no_updates"))])
        return rating, ""
    if rng.random() < 0.45:
        return rating, choose(rng, texts.COMMENTS["good"])
    return rating, ""
