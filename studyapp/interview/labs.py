"""Which lab belongs to a note: a view of the lab runner's one index (`labrunner.lab_index`); empty when the
labs are absent."""
from __future__ import annotations

from studyapp.labrunner import LabMeta, lab_index
from studyapp.labrunner.catalog import NoteLabs


def labs_by_note() -> dict[str, LabMeta]:
    """Note slug -> its first lab; a child note without a lab of its own gets its parent's (`get`, `[]`)."""
    index = lab_index(missing_ok=True)
    return NoteLabs({slug: index.lab(ids[0]) for slug, ids in index.by_note.items() if ids})


def lab_titles() -> dict[str, str]:
    return lab_index(missing_ok=True).titles()
