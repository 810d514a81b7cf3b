"""Corroboration: every figure for an event side by side, by source and date, with grades,
revisions, conflicts, the number of independent sources, a conservative consensus and the
full range. ``core`` is pure (figures in, results out); ``event_figures`` reads them from the
store and ``chart`` draws them.
"""

from dadkhah.corroborate.chart import draw_chart
from dadkhah.corroborate.core import (
    CREDIBLE,
    Figure,
    MeasureResult,
    Row,
    corroborate,
    independence_groups,
)
from dadkhah.corroborate.event import EventCorroboration, corroborate_event, to_json

__all__ = [
    "CREDIBLE",
    "EventCorroboration",
    "Figure",
    "MeasureResult",
    "Row",
    "corroborate",
    "corroborate_event",
    "draw_chart",
    "independence_groups",
    "to_json",
]
