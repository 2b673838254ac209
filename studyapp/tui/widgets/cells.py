"""Text fitted to terminal cells (Chinese characters are two cells wide)."""
from __future__ import annotations

from rich.cells import cell_len, set_cell_size


def clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


def state_label(t, state: str, suspended: bool) -> str:
    return t("state_suspended") if suspended else t(f"state_{state}")
