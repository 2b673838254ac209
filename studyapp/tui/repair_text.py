"""A card's answer with the team's repair appended, quoted and labelled so it never passes for the user's text."""
from __future__ import annotations


def answer_with_repair(answer: str, repair: str | None, heading: str) -> str:
    if not repair:
        return answer
    quoted = "\n".join(f"> {line}" if line else ">" for line in repair.strip().splitlines())
    return f"{answer}\n\n---\n\n> **{heading}**\n>\n{quoted}\n"
