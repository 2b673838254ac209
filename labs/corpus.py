"""The bundled document the labs train on, and a character-level tokenizer for it."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

DOCUMENT = "llm-basics.zh.md"
ENV_OVERRIDE = "STUDYAPP_LAB_CORPUS"


def document_path() -> Path:
    """A checkout's content/ folder, else the copy installed inside studyapp (found without importing it)."""
    candidates = []
    if os.environ.get(ENV_OVERRIDE):
        candidates.append(Path(os.environ[ENV_OVERRIDE]))
    candidates.append(Path(__file__).resolve().parent.parent / "content" / DOCUMENT)
    spec = importlib.util.find_spec("studyapp")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidates.append(Path(location) / "_bundled" / "content" / DOCUMENT)
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(f"the bundled document {DOCUMENT} was not found (looked in: "
                            + ", ".join(str(p) for p in candidates) + f"); set {ENV_OVERRIDE}")


def load_text() -> str:
    return document_path().read_text(encoding="utf-8")


class CharTokenizer:
    """One id per distinct character of the training text."""

    def __init__(self, text: str):
        self.chars = sorted(set(text))
        self._ids = {c: i for i, c in enumerate(self.chars)}

    @property
    def vocab_size(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> list[int]:
        return [self._ids[c] for c in text if c in self._ids]

    def decode(self, ids) -> str:
        return "".join(self.chars[int(i)] for i in ids)
