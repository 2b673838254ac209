"""Card-state invariants that `studyapp check` verifies beyond SQLite's own checks."""
from __future__ import annotations

from sqlalchemy import not_, or_, select
from sqlalchemy.orm import Session

from studyapp.srs.scheduling import NEW, RELEARNING
from studyapp.store.models import Card, ReviewLog

_RULES = [
    ("state out of range", not_(Card.state.between(NEW, RELEARNING))),
    ("answered card without stability or difficulty",
     (Card.state != NEW) & or_(Card.stability.is_(None), Card.difficulty.is_(None), Card.last_review.is_(None))),
    ("new card with a memory state", (Card.state == NEW) & Card.stability.is_not(None)),
    ("stability not positive", Card.stability <= 0),
    ("difficulty outside 1..10", not_(Card.difficulty.between(1, 10))),
    ("more lapses than answers", Card.lapses > Card.reps),
]


def card_state_problems(session: Session, limit: int = 20) -> list[str]:
    problems = []
    for label, condition in _RULES:
        ids = session.scalars(select(Card.id).where(condition).limit(limit)).all()
        if ids:
            problems.append(f"{label}: cards {', '.join(map(str, ids))}")
    bad_ratings = session.scalars(select(ReviewLog.id).where(not_(ReviewLog.rating.between(1, 4))).limit(limit)).all()
    if bad_ratings:
        problems.append(f"rating outside 1..4: review log rows {', '.join(map(str, bad_ratings))}")
    return problems
