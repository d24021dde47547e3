"""Measurable targets of action items: read from text, and judged between two sessions.

An action item may name an agreement and a :class:`Target` -- "it-for-sales resolution >= 95%
next quarter" -- so that the next session can show whether the figure moved and whether the
target is met now (:func:`target_progress`).

Target grammar (case-insensitive)::

    [AGREEMENT] METRIC COMPARATOR NUMBER [%] [WHEN ...]

* METRIC, with the figure it names (aliases in brackets):

  ============== ===================================================== =============
  compliance     share of met among met + breached (``sla``)            share
  resolution     share meeting the resolution target                    share
  first-response share meeting the first-response target (``response``) share
  satisfied      share of ratings 4 or 5                                 share
  rating         mean rating, 1 to 5 (``satisfaction``, ``csat``)        mean
  breaches       number of breached interactions                         count
  escalations    number of escalations                                   count
  ============== ===================================================== =============

* COMPARATOR: ``>=`` (``≥``, ``=>``), ``>``, ``<=`` (``≤``, ``=<``), ``<``, ``=`` (``==``).
* NUMBER: ``95``, ``95.5`` or ``95,5``.  A share is stored as a fraction (0.95): with ``%``,
  or without it when the number is above 1 (``compliance >= 95`` is 95 %); ``0.95`` is read as a
  fraction.  Ratings take 1 to 5, counts whole numbers; neither takes ``%``.
* WHEN: free words after the number ("next quarter"), kept as the target's ``horizon``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Collection

from .health_votes import DOWN, SAME, UP, HealthError

SHARE = "share"
MEAN = "mean"
COUNT = "count"

#: Every metric a target can name, with its kind.
METRICS = {
    "compliance": SHARE,
    "resolution": SHARE,
    "first-response": SHARE,
    "satisfied": SHARE,
    "rating": MEAN,
    "breaches": COUNT,
    "escalations": COUNT,
}

_METRIC_WORDS = {
    "compliance": "compliance", "sla": "compliance",
    "resolution": "resolution",
    "first-response": "first-response", "response": "first-response",
    "satisfied": "satisfied",
    "rating": "rating", "ratings": "rating", "mean-rating": "rating", "satisfaction": "rating",
    "csat": "rating",
    "breaches": "breaches", "breach": "breaches", "breached": "breaches",
    "escalations": "escalations", "escalation": "escalations",
}

_COMPARATORS = {">=": ">=", "=>": ">=", "≥": ">=", ">": ">", "<=": "<=", "=<": "<=", "≤": "<=",
                "<": "<", "=": "=", "==": "="}
_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}

_TARGET = re.compile(
    r"""(?<![\w.-])
        (?:(?!first[\ _-]?response\b|mean[\ _-]?rating\b)
           (?P<agreement>[a-z0-9][a-z0-9_.-]*)\s+)?
        (?P<metric>first[\ _-]?response|mean[\ _-]?rating|[a-z]+)
        \s*(?P<op>>=|=>|≥|<=|=<|≤|==|=|>|<)\s*
        (?P<value>\d+(?:[.,]\d+)?)
        (?:\s*(?P<pct>%))?""",
    re.IGNORECASE | re.VERBOSE,
)

#: Tolerance for comparing a computed figure (e.g. 19/20 as a float) with a target.
EPSILON = 1e-9


class InvalidTarget(HealthError):
    """A target that cannot be read or makes no sense (a rating of 7, a share above 100 %)."""

    title = "Invalid target"


@dataclass(frozen=True, slots=True)
class Target:
    """A measurable target: ``metric comparator value`` for ``agreement`` (or none named).

    ``value`` is a fraction for shares (0.95), a mean for ratings, a number for counts.
    """

    metric: str
    comparator: str  # ">=", ">", "<=", "<" or "="
    value: float
    agreement: str | None = None
    horizon: str = ""

    @property
    def kind(self) -> str:
        """``share``, ``mean`` or ``count``."""
        return METRICS[self.metric]

    @property
    def subject(self) -> str:
        """What the target is about: ``it-for-sales compliance`` or ``compliance``."""
        return f"{self.agreement} {self.metric}" if self.agreement else self.metric

    def met_by(self, figure: float | None) -> bool | None:
        """Whether ``figure`` meets the target (within :data:`EPSILON`); ``None`` without one."""
        if figure is None:
            return None
        if self.comparator == ">=":
            return figure >= self.value - EPSILON
        if self.comparator == ">":
            return figure > self.value + EPSILON
        if self.comparator == "<=":
            return figure <= self.value + EPSILON
        if self.comparator == "<":
            return figure < self.value - EPSILON
        return abs(figure - self.value) <= EPSILON

    def __str__(self) -> str:
        text = f"{self.subject} {_SYMBOLS[self.comparator]} {format_figure(self.metric, self.value, target=True)}"
        return f"{text} {self.horizon}" if self.horizon else text


def format_figure(metric: str, value: float, *, target: bool = False) -> str:
    """A figure for a sentence: shares as percent (``94.4 %``; a target as written, ``95 %``),
    ratings with one decimal, counts as numbers."""
    kind = METRICS[metric]
    if kind == SHARE:
        percent = round(value * 100, 6)
        return f"{percent:g} %" if target else f"{percent:.1f} %"
    if kind == MEAN:
        return f"{value:g}" if target else f"{value:.1f}"
    return f"{value:g}"


def _format_delta(metric: str, delta: float) -> str:
    kind = METRICS[metric]
    if kind == SHARE:
        points = round(delta * 100, 6)
        return f"{points:+.1f} point" + ("" if abs(points) == 1 else "s")
    if kind == MEAN:
        return f"{delta:+.1f}"
    return f"{delta:+g}"


def _metric(word: str) -> str | None:
    return _METRIC_WORDS.get(re.sub(r"[ _]", "-", word.lower()))


def _value(metric: str, number_text: str, percent: bool) -> float:
    number = Fraction(number_text.replace(",", "."))
    kind = METRICS[metric]
    if kind == SHARE:
        share = number / 100 if percent or number > 1 else number
        if share > 1:
            raise InvalidTarget(f"{metric} is a share: {number_text}{'%' if percent else ''} "
                                f"is above 100 %")
        return float(share)
    if percent:
        raise InvalidTarget(f"{metric} is a {'mean rating' if kind == MEAN else 'count'}, "
                            f"not a percentage")
    if kind == MEAN and not 1 <= number <= 5:
        raise InvalidTarget(f"{metric} is a mean rating from 1 to 5, not {number_text}")
    if kind == COUNT and number.denominator != 1:
        raise InvalidTarget(f"{metric} is a count: use a whole number, not {number_text}")
    return float(number)


def unknown_agreement(name: str, agreements: Collection[str]) -> InvalidTarget:
    close = difflib.get_close_matches(name, sorted(agreements), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return InvalidTarget(f"unknown agreement {name!r}{hint}")


def parse_target(text: str, agreements: Collection[str] | None = None) -> Target:
    """The target written in ``text``, which holds the target and nothing else (a ``--target``
    option).  A word before the metric is the agreement; with ``agreements`` given it must be
    one of them.  Raises :class:`InvalidTarget` saying what is wrong.
    """
    stripped = text.strip()
    match = _TARGET.match(stripped)
    if match is None or _metric(match["metric"]) is None:
        metrics = ", ".join(METRICS)
        raise InvalidTarget(f"cannot read target {stripped!r}: write [AGREEMENT] METRIC "
                            f"COMPARATOR NUMBER [%] [WHEN], e.g. 'it-for-sales compliance "
                            f">= 95% next quarter'; metrics: {metrics}")
    metric = _metric(match["metric"])
    assert metric is not None
    agreement = match["agreement"]
    if agreement is not None and agreements is not None and agreement not in agreements:
        raise unknown_agreement(agreement, agreements)
    horizon = stripped[match.end():].strip()
    return Target(metric, _COMPARATORS[match["op"]], _value(metric, match["value"], bool(match["pct"])),
                  agreement, horizon)


def find_target(text: str, agreements: Collection[str] | None = None) -> Target | None:
    """The first readable target inside free text (an action item's wording), or ``None``.

    The word before the metric is taken as the agreement only when it is one of
    ``agreements`` (so "raise compliance >= 95%" names none).  The horizon is the rest of the
    clause after the number, up to the next ``.``, ``;``, ``,`` or bracket.  Targets that make
    no sense (a rating of 7) are not targets here; :func:`parse_target` says why.
    """
    for match in _TARGET.finditer(text):
        metric = _metric(match["metric"])
        if metric is None:
            continue
        try:
            value = _value(metric, match["value"], bool(match["pct"]))
        except InvalidTarget:
            continue
        agreement = match["agreement"]
        if agreement is None or agreements is None or agreement not in agreements:
            agreement = None
        horizon = re.split(r"[.;,()\[\]\n]", text[match.end():], maxsplit=1)[0].strip()
        return Target(metric, _COMPARATORS[match["op"]], value, agreement, horizon)
    return None


@dataclass(frozen=True, slots=True)
class TargetProgress:
    """Whether a target's figure moved between two sessions, and whether it is met now.

    ``moved`` is ``up``, ``down`` or ``same`` (``None`` unless both figures exist); ``toward``
    says whether it moved in the direction the target asks for (for ``=``: closer to it);
    ``met`` / ``was_met`` judge ``after`` / ``before``; ``sentence`` says it all in words.
    """

    target: Target
    before: float | None
    after: float | None
    delta: float | None
    moved: str | None
    toward: bool | None
    met: bool | None
    was_met: bool | None
    sentence: str


def _opening(target: Target) -> str:
    """The subject at the start of a sentence (an agreement id keeps its case)."""
    return target.subject if target.agreement else target.metric.capitalize()


def target_progress(target: Target, before: float | None, after: float | None) -> TargetProgress:
    """Compare a target's figure before (when the action was agreed) and after (now)."""
    met, was_met = target.met_by(after), target.met_by(before)
    goal = f"target {_SYMBOLS[target.comparator]} {format_figure(target.metric, target.value, target=True)}"
    if after is None:
        sentence = f"No figure for {target.subject} yet: {goal} cannot be judged."
        return TargetProgress(target, before, after, None, None, None, None, was_met, sentence)
    status = "met" if met else "no longer met" if was_met else "not met yet"
    now = format_figure(target.metric, after)
    if before is None:
        sentence = f"{_opening(target)} is {now}: {goal} {status}."
        return TargetProgress(target, before, after, None, None, None, met, was_met, sentence)
    delta = round(after - before, 9)
    moved = SAME if abs(delta) <= EPSILON else UP if delta > 0 else DOWN
    if moved == SAME:
        toward = False
        how = f"did not move ({now})"
    else:
        if target.comparator in (">=", ">"):
            toward = moved == UP
        elif target.comparator in ("<=", "<"):
            toward = moved == DOWN
        else:
            toward = abs(after - target.value) < abs(before - target.value)
        how = (f"moved {moved} from {format_figure(target.metric, before)} to {now} "
               f"({_format_delta(target.metric, delta)})")
    sentence = f"{_opening(target)} {how}: {goal} {status}."
    return TargetProgress(target, before, after, delta, moved, toward, met, was_met, sentence)
