"""The free-text grader: checks ideas, not characters.

Pure Python (no Textual, no database, no torch). The quiz's free-text items, the interview and
`studyapp grade` all call grade_answer / grade_with; the key points live in content/keypoints.zh.toml.
"""
from __future__ import annotations

from .grader import UnknownNote, grade_answer, grade_with, keys_for
from .keypoints import Idea, KeypointsError, Misconception, NoteKeys, bundled
from .verdict import VERDICTS, GradeResult

__all__ = ["VERDICTS", "GradeResult", "Idea", "KeypointsError", "Misconception", "NoteKeys", "UnknownNote",
           "bundled", "grade_answer", "grade_with", "keys_for"]
