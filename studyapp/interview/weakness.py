"""How weak the learner is on a note: the plan draws weak notes more often and asks them first."""
from __future__ import annotations

from .model import Candidate

NEVER_REVIEWED = 0.6
FORGOTTEN = 1.0
PER_RECENT_LAPSE = 0.3
MAX_LAPSE_WEIGHT = 0.9
INTERVIEW_WEIGHT = 0.8
FLOOR = 0.1  # a strong note may still be drawn, only rarely


def weakness(c: Candidate) -> float:
    value = NEVER_REVIEWED if c.state == "new" else 1.0 - max(0.0, min(1.0, c.retrievability))
    if c.recent_lapses:
        # Right after an Again the card's retrievability is high again (it has just been shown), but the
        # learner has just failed it: it counts as forgotten (more than a card never seen), plus its lapses.
        value = max(value, FORGOTTEN)
    value += min(MAX_LAPSE_WEIGHT, PER_RECENT_LAPSE * c.recent_lapses)
    if c.last_interview_score is not None:
        value += INTERVIEW_WEIGHT * (1.0 - c.last_interview_score)
    return FLOOR + value
