"""Team health checks: the one import for the store, the CLI, the report and the dashboard.

The pieces live in small modules; this module re-exports their public names:

* :mod:`.health_votes` -- scales, anonymous votes and their validation,
  :class:`Session` and its series (team, template, subject), previous / latest sessions;
* :mod:`.health_results` -- per-card results with majority colour or mean, trend votes, the
  split flag, anonymity below ``min_votes``, and the change against the previous session;
* :mod:`.health_trend` -- a value per session over time, and sparklines;
* :mod:`.health_grid` -- cards x teams from the latest closed session of every team;
* :mod:`.health_targets` -- measurable targets read from text, and their progress;
* :mod:`.health_actions` -- action items and their carry-over.

Internal-customer satisfaction (ratings, the watermelon check, the two-sided view) is in
:mod:`slacheck.domain.satisfaction`.  See ``docs/health-checks.md`` for the method.
"""

from __future__ import annotations

from .health_actions import ActionError, ActionItem, carried_over, make_action, open_actions
from .health_grid import Grid, GridCell, GridColumn, build_grid
from .health_results import (
    ARROWS,
    BETTER,
    LIKERT_SAME_WITHIN,
    LIKERT_SPLIT_STDEV,
    MIN_VOTES,
    WORSE,
    CardChange,
    CardResult,
    SessionResult,
    compare_cards,
    is_split,
    majority_colour,
    prevailing_trend,
    summarize_session,
)
from .health_targets import (
    COUNT,
    EPSILON,
    MEAN,
    METRICS,
    SHARE,
    InvalidTarget,
    Target,
    TargetProgress,
    find_target,
    format_figure,
    parse_target,
    target_progress,
)
from .health_trend import BLOCKS, GAP, TrendPoint, group_by_series, sparkline, trend_series, trend_sparkline
from .health_votes import (
    AMBER,
    COLOUR_VALUES,
    COLOURS,
    DOWN,
    GREEN,
    LIKERT_5,
    RED,
    SAME,
    SCALE_RANGES,
    SCORES,
    TRAFFIC_LIGHT,
    TRENDS,
    UP,
    HealthError,
    InvalidVote,
    SeriesKey,
    Session,
    SessionError,
    Vote,
    check_scale,
    check_vote,
    latest_closed,
    parse_vote,
    previous_session,
    votes_from_rows,
)

__all__ = [
    # scales and votes
    "TRAFFIC_LIGHT", "LIKERT_5", "GREEN", "AMBER", "RED", "COLOURS", "UP", "SAME", "DOWN",
    "TRENDS", "SCORES", "COLOUR_VALUES", "SCALE_RANGES",
    "HealthError", "InvalidVote", "SessionError",
    "Vote", "check_scale", "check_vote", "parse_vote", "votes_from_rows",
    "SeriesKey", "Session", "previous_session", "latest_closed",
    # results
    "MIN_VOTES", "LIKERT_SPLIT_STDEV", "LIKERT_SAME_WITHIN", "BETTER", "WORSE", "ARROWS",
    "CardChange", "CardResult", "SessionResult", "summarize_session", "compare_cards",
    "is_split", "majority_colour", "prevailing_trend",
    # trend and grid
    "BLOCKS", "GAP", "TrendPoint", "group_by_series", "trend_series", "sparkline",
    "trend_sparkline", "Grid", "GridCell", "GridColumn", "build_grid",
    # targets and actions
    "SHARE", "MEAN", "COUNT", "METRICS", "EPSILON", "ActionError", "InvalidTarget",
    "Target", "TargetProgress", "ActionItem", "parse_target", "find_target", "format_figure",
    "target_progress", "make_action", "carried_over", "open_actions",
]
