"""A named lab backend as the user configured it: an SSH host or a Ray cluster. No secrets: keys stay files."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields

LOCAL = "local"
KINDS = ("ssh", "ray")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
DEFAULT_WORKDIR = ".cache/studyapp-labs"  # relative to the remote user's home
DEFAULT_RAY_PYTHON = "python"


class BackendError(ValueError):
    """A backend that cannot be configured or found: a message for the user, no traceback."""


@dataclass(frozen=True)
class BackendConfig:
    name: str
    kind: str  # ssh | ray
    target: str = ""  # ssh: USER@HOST (or a Host alias from ~/.ssh/config)
    port: int | None = None
    identity: str | None = None  # ssh: a private key file (its path only)
    python: str | None = None  # the remote Python that has torch (ssh default python3; ray default python)
    workdir: str | None = None  # ssh: where bundles and runs live on the remote
    known_hosts: str | None = None  # ssh: a known_hosts file instead of OpenSSH's default
    accept_new_host_key: bool = False  # ssh: record an unknown host key on first contact (never a changed one)
    address: str = ""  # ray: the Jobs API address, e.g. http://head:8265

    def validate(self) -> None:
        if self.name == LOCAL:
            raise BackendError("`local` is the built-in backend (this machine); choose another name")
        if not NAME_PATTERN.match(self.name):
            raise BackendError(f"backend name {self.name!r}: letters, digits, '.', '_' or '-', at most 40")
        if self.kind not in KINDS:
            raise BackendError(f"backend kind must be one of {', '.join(KINDS)}")
        if self.kind == "ssh":
            if not self.target or self.target.startswith("-") or any(c.isspace() for c in self.target):
                raise BackendError(f"--ssh {self.target!r}: expected USER@HOST or a host name")
            if self.port is not None and not 1 <= self.port <= 65535:
                raise BackendError(f"--port {self.port}: must be between 1 and 65535")
        if self.kind == "ray" and not re.match(r"^(https?|ray)://[^\s/]+", self.address or ""):
            raise BackendError(f"--ray {self.address!r}: expected the Jobs API address, e.g. http://head:8265")

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, "", False) or k in ("name", "kind")}

    @classmethod
    def from_dict(cls, data: dict) -> "BackendConfig":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def describe(self) -> str:
        if self.kind == "ray":
            return f"ray {self.address}"
        return f"ssh {self.target}" + (f":{self.port}" if self.port else "")


def configs_from(stored: dict[str, dict]) -> dict[str, BackendConfig]:
    """name -> BackendConfig from what the store keeps (studyapp.store.lab_backends), sorted by name."""
    return {name: BackendConfig.from_dict({**data, "name": name}) for name, data in sorted(stored.items())
            if isinstance(data, dict)}
