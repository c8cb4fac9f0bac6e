"""Docs that run: every docstring example of the public API, and README's code blocks."""

from __future__ import annotations

import doctest
import pathlib
import re

import pytest
from conftest import require

import numerics_fn as nf

ROOT = pathlib.Path(__file__).resolve().parents[1]
PUBLIC = sorted({name for name in nf.__all__ if getattr(getattr(nf, name), "__doc__", None)})
# Examples that run through torch's autograd (without torch: finite differences, announced by a warning).
EXACT_GRADIENTS = {"grad", "hessian", "jacfwd", "jacrev", "jvp", "stop_gradient", "value_and_grad", "vjp"}


@pytest.mark.parametrize("name", PUBLIC)
def test_docstring_examples(name: str) -> None:
    if name in EXACT_GRADIENTS:
        require("pytorch")
    obj = getattr(nf, name)
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    for test in finder.find(obj, name, globs={}):
        runner.run(test)
    assert runner.failures == 0, f"{name}: {runner.failures} docstring example(s) failed (run with -s to see)"


def _python_blocks(path: pathlib.Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(), flags=re.S)


@pytest.mark.parametrize("doc", ["README.md"])
def test_markdown_code_blocks_run(doc: str) -> None:
    require("pytorch")  # the README shows torch beside NumPy
    blocks = _python_blocks(ROOT / doc)
    assert blocks, f"{doc} has no python code block"
    for block in blocks:
        if "# not run" in block:
            continue
        exec(compile(block, doc, "exec"), {"__name__": "__readme__"})
