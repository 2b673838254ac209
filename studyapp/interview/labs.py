"""Which lab belongs to a note (the lab runner's torch-free catalogue); empty when the labs are absent."""
from __future__ import annotations

from functools import cache

from studyapp.labrunner import LabInfo, LabsNotFound, get_lab
from studyapp.labrunner import labs_by_note as lab_ids_by_note
from studyapp.labrunner.catalog import NoteLabs


@cache
def labs_by_note() -> dict[str, LabInfo]:
    """Note slug -> its first lab; a child note without a lab of its own gets its parent's (`get`, `[]`)."""
    try:
        index = lab_ids_by_note()
    except LabsNotFound:  # an installed app without the labs folder: no lab questions
        return {}
    return NoteLabs({slug: get_lab(ids[0]) for slug, ids in index.items() if ids})


def lab_titles() -> dict[str, str]:
    return {info.id: info.title for info in labs_by_note().values()}
