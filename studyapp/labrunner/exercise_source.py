"""What can be told about a learner's exercise file without running it: syntax, functions, stubs left."""
from __future__ import annotations

import ast
from pathlib import Path


def syntax_error(path: Path, source: str) -> str | None:
    """`PATH:LINE: syntax error: MESSAGE`, or None when the file compiles."""
    try:
        compile(source, str(path), "exec", dont_inherit=True)
    except SyntaxError as exc:
        return f"{path}:{exc.lineno or 1}: syntax error: {exc.msg}"
    except ValueError as exc:  # e.g. a NUL byte
        return f"{path}:1: cannot be read as Python: {exc}"
    return None


def _is_stub(node: ast.FunctionDef) -> bool:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    exc = body[0].exc
    name = exc.func if isinstance(exc, ast.Call) else exc
    return isinstance(name, ast.Name) and name.id == "NotImplementedError"


def functions(source: str) -> list[ast.FunctionDef]:
    """The top-level functions, in file order ([] when the source does not parse)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    return [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def unfinished(source: str) -> list[str]:
    """Names of the functions that are still the starter's stub (their body only raises NotImplementedError)."""
    return [f.name for f in functions(source) if _is_stub(f)]


def signature(node: ast.FunctionDef) -> str:
    returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
    return f"{node.name}({ast.unparse(node.args)}){returns}"
