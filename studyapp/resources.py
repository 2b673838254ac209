"""Where the bundled content and the migrations are, in a source checkout and in an installed wheel."""
from __future__ import annotations

from functools import cache
from pathlib import Path

BUNDLED_SOURCE = "bundled:llm-basics.zh.md"  # the source key of the bundled deck's notes in a collection

_REPO_ROOT = Path(__file__).resolve().parent.parent
_MARKERS = {"content": "llm-basics.zh.md", "migrations": "env.py"}


@cache
def bundled_dir(name: str) -> Path:
    """`content` or `migrations`: the repository folder when running from a checkout, else the installed copy."""
    marker = _MARKERS[name]
    checkout = _REPO_ROOT / name
    if (checkout / marker).is_file():
        return checkout
    # An installed copy: a plain folder beside this module, found without importlib.resources (its import
    # costs about 8 ms, and the migrations folder is looked up before the app's first frame).
    installed = Path(__file__).resolve().parent / "_bundled" / name
    if (installed / marker).is_file():
        return installed
    from importlib import resources  # a package that is not a plain folder (a zip import)

    installed = Path(str(resources.files(f"studyapp._bundled.{name}")))
    if (installed / marker).is_file():
        return installed
    raise FileNotFoundError(f"studyapp is missing its bundled {name}/ folder (looked in {checkout} and {installed})")


def default_deck_path() -> Path:
    return bundled_dir("content") / "llm-basics.zh.md"


def bundled_repairs_path() -> Path:
    """The team's repairs and facts for the bundled deck (studyapp.deck.repairs reads it)."""
    return bundled_dir("content") / "repairs.zh.toml"
