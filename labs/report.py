"""`python -m labs.report DIR`: a Markdown summary of the result documents in DIR (standard library only)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

MARK = {"pass": "pass", "fail": "**FAIL**", "skip": "skip", "error": "**ERROR**"}


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value).replace("|", "\\|").replace("\n", " ")[:120]


def summarize(folder: Path) -> str:
    docs = []
    for path in sorted(folder.glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if isinstance(doc, dict) and "checks" in doc and "lab" in doc:
            docs.append(doc)
    lines = ["# Lab results", "", "| lab | status | device | torch | mode | seconds | checks (pass/fail/skip/demo) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for d in docs:
        judged = [c for c in d["checks"] if c.get("kind") != "demo"]  # a demo cannot fail: never counted
        counts = "/".join(str(sum(c["status"] == s for c in judged)) for s in ("pass", "fail", "skip"))
        counts += f"/{len(d['checks']) - len(judged)}"
        device = _cell(d.get("device_name") or d.get("device"))
        lines.append(f"| {d['lab']} | {MARK.get(d['status'], d['status'])} | {device} | {d.get('torch')}"
                     f" | {d.get('mode')} | {d.get('seconds')} | {counts} |")
    for d in docs:
        lines += ["", f"## {d['lab']}: {d['status']}", "", d.get("message", ""), "",
                  f"dtypes: {', '.join(d.get('dtypes') or [])}", "",
                  "| check | status | expected | measured | kind |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {c['name']} | {MARK.get(c['status'], c['status'])} | {_cell(c['expected'])}"
                  f" | {_cell(c['measured'])} | {c.get('kind', '')} |" for c in d["checks"]]
        lines += ["", "| metric | value |", "| --- | --- |"]
        lines += [f"| {k} | {_cell(v)} |" for k, v in d.get("metrics", {}).items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(summarize(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/lab-results")), end="")
