"""`studyapp backend add|list|remove|test`: where labs run (an SSH host, a Ray cluster), and `--on NAME`."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from studyapp.commands.common import EXIT_OK, CommandError, emit_json, open_collection

if TYPE_CHECKING:
    from studyapp.service.collection import Collection
    from studyapp.service.labs import Backend


def backend_named(collection: Collection, name: str | None) -> Backend:
    """The backend `--on NAME` names (None or `local`: this machine); a clear error for an unknown name."""
    from studyapp.service.labs import LOCAL, backend_configs, open_backend

    if name is None or name == LOCAL:
        return open_backend(None)
    backends = backend_configs(collection)
    if name not in backends:
        known = ", ".join([LOCAL, *backends])
        raise CommandError(f"unknown backend {name!r} (known: {known}); add one with "
                           "`studyapp backend add NAME --ssh USER@HOST` or `--ray ADDRESS`")
    return open_backend(backends[name])


def _config_from_args(args):
    from studyapp.service.labs import BackendConfig, BackendError

    if bool(args.ssh) == bool(args.ray):
        raise CommandError("backend add: give exactly one of --ssh USER@HOST or --ray ADDRESS")
    if args.ray and (args.port or args.identity or args.workdir or args.known_hosts or args.accept_new_host_key):
        raise CommandError("backend add: --port, --identity, --workdir, --known-hosts and --accept-new-host-key "
                           "are for --ssh")
    files = {}
    for flag, value in (("--identity", args.identity), ("--known-hosts", args.known_hosts)):
        if value:
            path = os.path.abspath(os.path.expanduser(value))
            if flag == "--identity" and not os.path.isfile(path):
                raise CommandError(f"{flag} {value}: no such file (give the private key's path)")
            files[flag] = path
    config = BackendConfig(name=args.name, kind="ssh" if args.ssh else "ray", target=args.ssh or "",
                           port=args.port, identity=files.get("--identity"), python=args.python,
                           workdir=args.workdir, known_hosts=files.get("--known-hosts"),
                           accept_new_host_key=bool(args.accept_new_host_key), address=args.ray or "")
    try:
        config.validate()
    except BackendError as error:
        raise CommandError(f"backend add: {error}") from None
    return config


def add(args) -> int:
    from studyapp.service.labs import add_backend, backend_configs

    config = _config_from_args(args)
    with open_collection(args) as collection:
        if config.name in backend_configs(collection):
            raise CommandError(f"backend {config.name!r} exists; remove it first (studyapp backend remove "
                               f"{config.name})")
        add_backend(collection, config)
    if args.json:
        emit_json(config.to_dict())
    else:
        print(f"added backend {config.name}: {config.describe()}; try it with `studyapp backend test {config.name}`")
    return EXIT_OK


def list_(args) -> int:
    from studyapp.service.labs import LOCAL, backend_configs

    with open_collection(args) as collection:
        backends = backend_configs(collection)
    rows = [{"name": LOCAL, "kind": LOCAL}] + [c.to_dict() for c in backends.values()]
    if args.json:
        emit_json(rows)
        return EXIT_OK
    print(f"{LOCAL:<16} this machine (the default)")
    for config in backends.values():
        print(f"{config.name:<16} {config.describe()}")
    return EXIT_OK


def remove(args) -> int:
    from studyapp.service.labs import remove_backend

    with open_collection(args) as collection:
        removed = remove_backend(collection, args.name)
    if not removed:
        raise CommandError(f"unknown backend {args.name!r}; see `studyapp backend list`")
    if args.json:
        emit_json({"removed": args.name})
    else:
        print(f"removed backend {args.name}")
    return EXIT_OK


def test(args) -> int:
    from studyapp.service.labs import ProbeFailed

    with open_collection(args) as collection:
        backend = backend_named(collection, args.name)
    try:
        info = backend.test()
    except ProbeFailed as failed:
        raise CommandError(f"backend {args.name}: {failed.message}") from None
    if args.json:
        emit_json(info)
    else:
        print(f"{args.name}: Python {info.get('python_version')} at {info.get('python')} on {info.get('host')}")
        if info.get("torch"):
            print(f"  torch {info['torch']}; devices: {', '.join(info.get('devices') or ['cpu'])}")
    if not info.get("torch"):
        raise CommandError(f"backend {args.name}: torch is not installed for {info.get('python')} on "
                           f"{info.get('host')}: install it there ({info.get('python')} -m pip install torch; for "
                           f"a GPU, the CUDA build that matches its driver)")
    return EXIT_OK
