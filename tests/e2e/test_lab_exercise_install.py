"""The learner's path from a fresh NON-editable install: `lab start sampling` -> the file is in the data
folder -> `lab check` exits 2 naming apply_temperature -> a wrong file exits 1 naming the failing check ->
the right functions exit 0.

studyapp itself is built into a wheel from a copy of the sources (only what the package ships) and installed
into a new venv, run from another folder. Its third-party dependencies come from the test's own environment
through a path line in a `.pth` file, which adds that folder but not the `.pth` files in it (so never the
editable install of this checkout); STUDYAPP_TEST_FULL_INSTALL=1 installs them from the index instead
(`pip install torch==2.13.0 WHEEL`, minutes).
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHIPPED = ("pyproject.toml", "setup.py", "README.md", "studyapp", "labs", "content", "migrations")

RIGHT = '''import torch


def apply_temperature(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    return logits / temperature


def top_k_filter(logits: torch.Tensor, k: int) -> torch.Tensor:
    kth = logits.topk(min(k, logits.shape[-1]), dim=-1).values[..., -1:]
    return logits.masked_fill(logits < kth, float("-inf"))


def top_p_filter(logits: torch.Tensor, p: float) -> torch.Tensor:
    if p >= 1.0:
        return logits.clone()
    probs = logits.double().softmax(dim=-1)
    sorted_probs, order = probs.sort(dim=-1, descending=True)
    before = sorted_probs.cumsum(dim=-1) - sorted_probs
    keep = torch.zeros_like(before, dtype=torch.bool).scatter(-1, order, before < p)
    return logits.masked_fill(~keep, float("-inf"))


def filtered_probs(logits, temperature=1.0, top_k=None, top_p=None):
    x = apply_temperature(logits, temperature)
    if top_k is not None:
        x = top_k_filter(x, top_k)
    if top_p is not None:
        x = top_p_filter(x, top_p)
    return x.softmax(dim=-1)
'''
WRONG = RIGHT.replace("return logits / temperature", "return logits * temperature")  # T multiplies


def _run(argv, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, check=False, **kwargs)


def _install(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    for name in SHIPPED:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(src, source / name)
    wheels = tmp_path / "wheels"
    # setuptools at hand (Python 3.11 venvs have it): no isolated build environment to fetch
    isolation = [] if importlib.util.find_spec("setuptools") is None else ["--no-build-isolation"]
    built = _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation, "-w", str(wheels),
                  str(source)], timeout=300)
    assert built.returncode == 0, built.stderr
    wheel = next(wheels.glob("studyapp-*.whl"))
    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], timeout=120)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    if os.environ.get("STUDYAPP_TEST_FULL_INSTALL") == "1":
        argv = ["install", "-q", "torch==2.13.0", str(wheel)]
    else:
        site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
        (site / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
        argv = ["install", "-q", "--no-deps", str(wheel)]
    installed = _run([sys.executable, "-m", "pip", "--python", str(python), *argv], timeout=900)
    assert installed.returncode == 0, installed.stderr
    return venv


@pytest.mark.slow
def test_start_and_check_the_sampling_exercise_from_a_fresh_install(tmp_path):
    venv = _install(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "STUDYAPP_HOME")}
    env.update(PYTHONIOENCODING="utf-8", HF_HUB_OFFLINE="1")

    def studyapp(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return _run([str(venv / "bin" / "studyapp"), "--home", str(home), *args], cwd=outside, env=env,
                    timeout=timeout)

    where = _run([str(venv / "bin" / "python"), "-c", "import labs, studyapp; print(labs.__file__, studyapp.__file__)"],
                 cwd=outside, env=env)
    assert all(Path(p).is_relative_to(venv) for p in where.stdout.split()), where.stdout  # not this checkout

    started = studyapp("lab", "start", "sampling", "--json")
    assert started.returncode == 0, started.stderr
    path = Path(json.loads(started.stdout)["path"])
    assert path == home / "labs" / "sampling" / "exercise.py" and "def apply_temperature(" in path.read_text()

    unfinished = studyapp("lab", "check", "sampling", "--device", "cpu")
    assert unfinished.returncode == 2, unfinished.stdout + unfinished.stderr
    assert "unfinished: apply_temperature still raises NotImplementedError" in unfinished.stdout

    path.write_text(WRONG, encoding="utf-8")
    wrong = studyapp("lab", "check", "sampling", "--device", "cpu", "--json")
    assert wrong.returncode == 1, wrong.stderr
    failed = {c["name"] for c in json.loads(wrong.stdout)["checks"] if c["status"] == "fail"}
    assert any("temperature" in name for name in failed), failed  # the check that compares T with transformers

    path.write_text(RIGHT, encoding="utf-8")
    right = studyapp("lab", "check", "sampling", "--device", "cpu")
    assert right.returncode == 0, right.stdout + right.stderr
    assert "sampling" in right.stdout and "pass" in right.stdout and "✗" not in right.stdout
    assert "Traceback" not in unfinished.stderr + wrong.stderr + right.stderr

    listed = {lab["id"]: lab for lab in json.loads(studyapp("lab", "list", "--json").stdout)}
    assert listed["sampling"]["exercise_status"] == "pass"
