"""From what was found to a verdict the learner can trust, or an honest "unsure".

coverage = weight of the ideas found / weight that makes a full answer (capped at 1)
  contradiction found, coverage ≥ PASS → "unsure" (the right words and a false claim: the learner judges)
  contradiction found otherwise        → "wrong"
  coverage ≥ PASS, every core idea     → "correct"
  coverage in [BORDER, PASS)           → "unsure" (borderline: the learner judges against the reference)
  something found                      → "partial"
  nothing found                        → "wrong"
The score is the coverage, halved when the answer contradicts the note.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

VERDICTS = ("correct", "partial", "wrong", "unsure")
PASS = 0.75
BORDER = 0.6
CONTRADICTION_FACTOR = 0.5


@dataclass(frozen=True)
class GradeResult:
    note: str
    score: float  # 0..1
    verdict: str  # one of VERDICTS
    found: tuple[str, ...]
    missed: tuple[str, ...]
    contradicted: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return self.verdict == "correct"

    def to_json(self) -> dict:
        out = asdict(self)
        out["score"] = round(self.score, 4)
        for key in ("found", "missed", "contradicted"):
            out[key] = list(out[key])
        return out


def decide(coverage: float, contradicted: bool, core_missed: bool) -> tuple[float, str]:
    """(score, verdict)."""
    if contradicted:
        return coverage * CONTRADICTION_FACTOR, "unsure" if coverage >= PASS else "wrong"
    if coverage >= PASS and not core_missed:
        return coverage, "correct"
    if coverage >= BORDER and not core_missed:
        return coverage, "unsure"
    return coverage, "partial" if coverage > 0 else "wrong"
