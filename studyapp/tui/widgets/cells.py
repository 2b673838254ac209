"""Text fitted to terminal cells (Chinese characters are two cells wide)."""
from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text


def clip(text: str, width: int) -> Text:
    """One line of at most `width` cells, as plain text: a document's `[b]` or `[@click=…]` stays literal."""
    text = " ".join(text.split())
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1).rstrip() + "…"
    return Text(text)


def state_label(t, state: str, suspended: bool) -> str:
    return t("browse.state_suspended") if suspended else t(f"browse.state_{state}")
