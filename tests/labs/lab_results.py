"""What the lab tests read off a result document, and the learner's file they hand a lab, in one place."""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MUTANTS = Path(__file__).parent / "mutants"


def failed(result: dict) -> set[str]:
    """The names of the checks that failed."""
    return {c["name"] for c in result["checks"] if c["status"] == "fail"}


def counted_and_graded(result: dict) -> tuple[list[dict], list[dict]]:
    """The checks that count (all but demos), and those of them computed from the learner's code."""
    counted = [c for c in result["checks"] if c["kind"] != "demo"]
    return counted, [c for c in counted if c["kind"] == "exercise"]


def reference_with(lab: str, mutant: str | None = None) -> str:
    """The lab's reference as a learner's file, with one function replaced by the named wrong one."""
    source = (REPO / "labs" / lab / "reference.py").read_text(encoding="utf-8")
    return source + ((MUTANTS / lab / f"{mutant}.py").read_text(encoding="utf-8") if mutant else "")
