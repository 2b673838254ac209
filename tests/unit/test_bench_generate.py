"""bench/generate.py writes a collection through the store's insert functions: what it writes is a valid
collection that the study loop and the ORM read as the generator meant it."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select

from bench.generate import build_collection
from studyapp.store.collection import Collection, integrity_problems
from studyapp.store.models import Card, ReviewLog
from studyapp.store.schema import CardState


def test_a_generated_collection_is_whole_and_reads_as_meant(tmp_path):
    db_path = build_collection(tmp_path / "home", cards=200, reviews=1000)
    assert integrity_problems(db_path) == []  # integrity and foreign keys
    col = Collection.open(tmp_path / "home", import_bundled=False)
    try:
        with col.transaction(write=False) as s:
            assert s.scalar(select(func.count()).select_from(Card)) == 200
            assert s.scalar(select(func.count()).select_from(ReviewLog)) == 1000
            states = dict(s.execute(select(Card.state, func.count()).group_by(Card.state)).all())
            newest = s.scalar(select(func.max(ReviewLog.reviewed_at)))
        assert states == {CardState.NEW: 20, CardState.REVIEW: 180}  # a tenth still new
        assert newest.tzinfo is timezone.utc and newest <= datetime.now(timezone.utc)
        counts = col.day_counts()
        assert counts.new_today == 20 and counts.due_today > 0
        card = col.next_card()
        assert card is not None and card.question.startswith("第")
    finally:
        col.close()
