"""What keeps `studyapp` and `studyapp review` close to a bare Textual app's start (bench/tui_startup_tmux.py):
the app's argv read without the full parser, Chinese line breaking compiled only for Chinese text, the repairs
file parsed only for a note it names, the bundled folders of an installed copy found without
importlib.resources. Each shortcut must give what the long way gives."""
from __future__ import annotations

import importlib.util
import random
import re
import sys
from pathlib import Path

import pytest

from studyapp import cli
from studyapp.store import card_views
from studyapp.tui import cjk_wrap

REPO = Path(__file__).resolve().parents[2]

APP_STARTS = (
    [],
    ["review"],
    ["--home", "/tmp/h"],
    ["--home=/tmp/h"],
    ["--home", "/tmp/h", "review"],
    ["review", "--home", "/tmp/h"],
    ["--home", "/tmp/a", "review", "--home", "/tmp/b"],  # the subcommand's --home wins, as argparse has it
    ["--debug"],
    ["--debug", "review"],
    ["review", "--debug"],
    ["--home", "review"],  # a folder named review, no subcommand
)


@pytest.mark.parametrize("argv", APP_STARTS, ids=" ".join)
def test_the_app_start_reads_argv_as_the_parser_does(argv):
    parsed = vars(cli.build_parser().parse_args(argv))
    parsed.setdefault("json", False)
    assert vars(cli.app_start_args(argv)) == parsed


@pytest.mark.parametrize("argv", (["--help"], ["-h"], ["review", "--json"], ["cards"], ["--home"],
                                  ["--home", "--debug"], ["review", "review"], ["--hom", "x"], ["--home="]),
                         ids=" ".join)
def test_anything_else_goes_to_the_parser(argv):
    assert cli.app_start_args(argv) is None


def test_the_app_start_builds_no_parser(monkeypatch, tmp_path):
    """`studyapp` reaches the app's handler without argparse (the handler here stops before the app)."""
    def no_parser():
        raise AssertionError("the full parser was built")

    seen = []
    monkeypatch.setattr(cli, "build_parser", no_parser)
    monkeypatch.setattr("studyapp.commands.tui.run_review", lambda args: seen.append(args) or 0)
    assert cli.main(["--home", str(tmp_path), "review"]) == 0
    assert seen[0].home == str(tmp_path) and seen[0].command == "review"


def _one_pattern_words(text: str) -> list[tuple[int, int, str]]:
    """The splitting before the plain-text shortcut: one pattern for every text."""
    pattern = re.compile(rf"\s*(?:[^\s{cjk_wrap._CJK}]+|[{cjk_wrap._CJK}])[{cjk_wrap._CLOSING}]*\s*")
    found, match = [], pattern.match(text, 0)
    while match is not None and match.end() > match.start():
        found.append((match.start(), match.end(), match.group(0)))
        match = pattern.match(text, match.end())
    return found


def test_text_without_chinese_breaks_as_with_the_chinese_pattern():
    rng = random.Random(15)
    alphabet = " \t\nab9,.;:!?)]}”’…–⭘中文。，、）\u2e7f\u2e80\uffef\U0001f600"
    texts = ["", " ", "plain English words", "添加一个prompt模板，然后", "a , b", "x\u3000y"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(3000)]
    for text in texts:
        assert list(cjk_wrap.words(text)) == _one_pattern_words(text), repr(text)


@pytest.fixture
def fresh_repairs():
    card_views._bundled_repairs_text.cache_clear()
    card_views.bundled_repairs.cache_clear()
    yield
    card_views._bundled_repairs_text.cache_clear()
    card_views.bundled_repairs.cache_clear()


def test_a_note_without_a_repair_does_not_parse_the_repairs_file(fresh_repairs, monkeypatch):
    def no_parse():
        raise AssertionError("the repairs file was parsed")

    monkeypatch.setattr(card_views, "bundled_repairs", no_parse)
    assert card_views.bundled_repair("no-such-note-0a1b2c") is None


def test_every_repair_is_found_as_before(fresh_repairs):
    from studyapp.deck.repairs import load_repairs

    repairs = load_repairs()
    assert repairs
    for slug, repair in repairs.items():
        assert card_views.bundled_repair(slug) == repair
    for slug in ("temperature", "lora", *(slug[:-1] for slug in repairs if slug)):  # near misses too
        assert card_views.bundled_repair(slug) == repairs.get(slug)


def test_an_installed_copy_finds_its_bundled_folders_without_importlib_resources(tmp_path, monkeypatch):
    """The layout a wheel installs: studyapp/_bundled/{content,migrations} beside resources.py, and no checkout
    folders above it."""
    package = tmp_path / "site" / "studyapp"
    (package / "_bundled" / "migrations").mkdir(parents=True)
    (package / "_bundled" / "content").mkdir()
    (package / "_bundled" / "migrations" / "env.py").write_text("", encoding="utf-8")
    (package / "_bundled" / "content" / "llm-basics.zh.md").write_text("", encoding="utf-8")
    (package / "resources.py").write_text((REPO / "studyapp" / "resources.py").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    spec = importlib.util.spec_from_file_location("installed_resources", package / "resources.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setitem(sys.modules, "importlib.resources", None)  # importing it now fails
    assert module.bundled_dir("migrations") == (package / "_bundled" / "migrations").resolve()
    assert module.bundled_repairs_path().parent == (package / "_bundled" / "content").resolve()
