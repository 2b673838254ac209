"""What a remote run needs shipped: the `labs` package, the text they train on, and the launcher, named by a hash of their content.

The hash names the folder the bundle is unpacked into on the remote, so a remote that already has it is sent
nothing. Only source files travel (no __pycache__, no editor droppings); the archive is deterministic.
"""
from __future__ import annotations

import hashlib
import io
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path

from studyapp.labrunner import catalog

LAUNCHER = "studyapp_remote.py"
SHIPPED_SUFFIXES = (".py", ".md", ".txt", ".json", ".toml")


@dataclass(frozen=True)
class Bundle:
    digest: str  # sha256 of every shipped path and its bytes; 16 hex digits name the remote folder
    files: tuple[tuple[str, bytes], ...]  # (path inside the bundle, content), sorted

    @property
    def name(self) -> str:
        return self.digest[:16]

    def tar_gz(self) -> bytes:
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=6) as tar:
            for path, data in self.files:
                info = tarfile.TarInfo(path)
                info.size, info.mode, info.mtime = len(data), 0o644, 0
                tar.addfile(info, io.BytesIO(data))
        return buffer.getvalue()

    def write_to(self, folder: Path) -> None:
        for path, data in self.files:
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def _shipped(root: Path) -> list[tuple[str, bytes]]:
    files = []
    for path in sorted((root / "labs").rglob("*")):
        if path.is_file() and path.suffix in SHIPPED_SUFFIXES and "__pycache__" not in path.parts:
            files.append((path.relative_to(root).as_posix(), path.read_bytes()))
    return files


def build() -> Bundle:
    from labs import corpus  # standard library only: where the labs' training text is

    files = _shipped(catalog.labs_root())
    files.append((f"content/{corpus.DOCUMENT}", corpus.document_path().read_bytes()))  # labs look beside labs/
    files.append((LAUNCHER, (Path(__file__).parent / "remote_main.py").read_bytes()))
    files.sort()
    digest = hashlib.sha256()
    for path, data in files:
        digest.update(path.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return Bundle(digest.hexdigest(), tuple(files))


def copy_tree(bundle: Bundle, folder: Path) -> Path:
    """The bundle as a folder (Ray's working_dir); `folder` is emptied first."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    bundle.write_to(folder)
    return folder
