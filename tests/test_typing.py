"""What a type checker sees: the generated stubs (numerics_fn/*.pyi) are current, typed user code
(tests/typing/user_code.py) passes mypy --strict and pyright with each deliberate mistake reported,
and both reveal the catalogue's signatures, also from the built wheel outside the repository."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from spec import CASES

import numerics_fn as nf
from numerics_fn import _stubgen
from numerics_fn._ops import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
TYPING = ROOT / "tests" / "typing"
USER_CODE = TYPING / "user_code.py"
REVEAL = TYPING / "reveal.py"
REVEAL_TORCH = TYPING / "reveal_torch.py"
HAS_TORCH = importlib.util.find_spec("torch") is not None
PYRIGHT = Path(sys.executable).with_name("basedpyright")

#: For each reveal_type line of tests/typing/reveal.py: text that mypy's and pyright's answers contain.
REVEALS = {
    "nf.exp": (
        ["Overload(def (complex | typing.Sequence[Any], *, ctx: numerics_fn._context.Context | None =) ->",
         "def (numpy.ndarray[Any, Any] | numpy.generic[Any] | complex | typing.Sequence[Any], *, ctx: "],
        ["Overload[(x: complex | Sequence[Any], /, *, ctx: Context | None = None) ->",
         "(x: numpy.ndarray[Any, Any] | generic[Any] | complex | Sequence[Any], /, *, ctx: Context | None = None) -> "],
    ),
    "nf.exp(x)": (['"numpy.ndarray[Any, Any]"'], ['"ndarray[Any, Any]"']),
    "nf.matmul(x, [1.0, 2.0, 3.0])": (['"numpy.ndarray[Any, Any]"'], ['"ndarray[Any, Any]"']),
    "nf.zeros((2, 3))": (['"numpy.ndarray[Any, Any] | '], ['"numpy.ndarray[Any, Any] | ']),
    "nf.sum": (
        ["axis: Any =, dtype: numerics_fn._dtypes.DType | str | numpy.dtype[Any] | type[Any] | ",
         "*, keepdims: bool =, ctx: numerics_fn._context.Context | None =) ->"],
        ["(a: complex | Sequence[Any], /, axis: Any = None, dtype: DType | str | numpy.dtype[Any] | type[Any] | ",
         "*, keepdims: bool = False, ctx: Context | None = None) ->"],
    ),
    "nf.svd(x)": (['"tuple[numpy.ndarray[Any, Any] | '], ['"tuple[numpy.ndarray[Any, Any] | ']),
    "nf.linalg.svd(x)": (["fallback=numerics_fn.linalg.SVDResult]"], ['"SVDResult"']),
    "nf.linalg.det": (["ctx: numerics_fn._context.Context | None =) ->"], ["(a: complex | Sequence[Any], /, *, ctx:"]),
    "nf.fft.rfft(x)": (['"numpy.ndarray[Any, Any]"'], ['"ndarray[Any, Any]"']),
    'nf.get_backend("numpy")': (['"numerics_fn.Backend"'], ['"Backend"']),
    'nf.get_backend("numpy").exp': (
        ["numerics_fn.typing.SupportsArrayNamespace, *, ctx: numerics_fn._context.Context | None =) -> "],
        ["SupportsArrayNamespace, /, *, ctx: Context | None = None) -> "],
    ),
    "nf.Context()": (['"numerics_fn._context.Context"'], ['"Context"']),
    "nf.float64": (['"numerics_fn._dtypes.DType"'], ['"DType"']),
    "nf.value_and_grad": (
        ["argnums: int | tuple[int, ...] =, *, method: str =", ") -> numerics_fn._transforms.derivatives.ValueAndGrad"],
        ['argnums: int | tuple[int, ...] = 0, *, method: str = "auto"', ") -> ValueAndGrad"],
    ),
    "nf.rng(0)": (['"numpy.random._generator.Generator | '], ['"numpy.random._generator.Generator | ']),
    # an array served through its own namespace (section 6 of the contract): a result of its own type
    "nf.add(xps.ones(3), 1.0)": (['"array_api_strict._array_object.Array"'], ['"Array"']),
}  # fmt: skip
#: The same for tests/typing/reveal_torch.py: NumPy with torch is torch (section 2 of the contract).
REVEALS_TORCH = {
    "nf.exp(t)": (['"torch._tensor.Tensor"'], ['"Tensor"']),
    "nf.add(np.ones(3), t)": (['"torch._tensor.Tensor"'], ['"Tensor"']),
    "nf.stack([t, np.ones(3)])": (['"torch._tensor.Tensor"'], ['"Tensor"']),
    "nf.matmul(t, [[1.0]] * 3)": (['"torch._tensor.Tensor"'], ['"Tensor"']),
}  # fmt: skip


# --- the stubs follow the catalogue -------------------------------------------------------------------
def test_stubs_are_current() -> None:
    # A catalogue entry added or changed without `python -m numerics_fn._codegen` fails here.
    stale = [str(path) for path, text in _stubgen.stub_paths().items() if not path.exists() or path.read_text() != text]
    assert not stale, f"out of date: {stale}; run `python -m numerics_fn._codegen`"


def _stub_names(path: Path) -> tuple[list[str], set[str], set[str]]:
    """The stub's __all__, its top-level definitions, and the methods of its class Backend."""
    tree = ast.parse(path.read_text())
    all_: list[str] = []
    defined: set[str] = set()
    methods: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "__all__":
            all_ = ast.literal_eval(node.value)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
            if isinstance(node, ast.ClassDef) and node.name == "Backend":
                methods = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
        elif isinstance(node, ast.AnnAssign):
            defined.add(node.target.id)  # type: ignore[union-attr]
        elif isinstance(node, ast.ImportFrom):
            defined.update(alias.asname for alias in node.names if alias.asname == alias.name)
    return all_, defined, methods


@pytest.mark.parametrize("module", [nf, nf.linalg, nf.fft], ids=lambda m: m.__name__)
def test_every_public_name_has_a_static_declaration(module) -> None:
    all_, defined, methods = _stub_names(Path(module.__file__).with_suffix(".pyi"))
    assert all_ == list(module.__all__)
    assert set(all_) <= defined, set(all_) - defined
    if module is nf:
        assert {entry.name for entry in CATALOGUE} <= methods, "every catalogue op is a Backend method"


def test_the_stubs_are_shipped() -> None:
    # setuptools ships *.pyi and py.typed; pyproject says so explicitly.
    text = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'numerics_fn = \[[^\]]*"py\.typed"[^\]]*"\*\.pyi"', text), (
        "package-data must list py.typed, *.pyi"
    )
    assert (ROOT / "numerics_fn" / "py.typed").exists()


def _agrees(result: object, annotation: str) -> bool:
    """Whether a NumPy-backend result is what the stub's result annotation says."""
    if annotation == "Array":
        return isinstance(result, (np.ndarray, np.generic))
    if annotation.startswith(("tuple[", "list[")):
        kind = tuple if annotation.startswith("tuple[") else list
        items = annotation[annotation.index("[") + 1 : -1].split(", ")
        fixed = kind is tuple and items[-1] != "..."
        return isinstance(result, kind) and (not fixed or len(result) == len(items))
    if annotation == "bool":
        return isinstance(result, (bool, np.bool_))
    return True  # named results, generators, Any: checked by the type checkers' tests below


def test_the_stubs_result_types_agree_with_what_the_ops_return() -> None:
    # The stubs read a catalogue result annotated Any as one array unless _stubgen._RETURNS says otherwise;
    # an op returning a tuple or a list there fails here (on the spec's cases, NumPy backend).
    entries = {entry.name: entry for entry in CATALOGUE if entry.kind != "generic"}
    checked, wrong = set(), []
    for case in CASES:
        entry = entries.get(case.op)
        if entry is None:
            continue
        with nf.use_backend("numpy"):
            result = getattr(nf, case.op)(*case.args, **case.kwargs)
        checked.add(case.op)
        if not _agrees(result, _stubgen.result_of(entry)):
            wrong.append(f"{case.id}: returns {type(result).__name__}, typed {_stubgen.result_of(entry)}")
    assert not wrong, wrong
    assert len(checked) > len(entries) // 2, "the spec covers most ops"


# --- mypy and pyright on user code ----------------------------------------------------------------------
def _mypy(files: list[Path], search_path: Path, workdir: Path) -> list[tuple[str, int, str, str]]:
    """(file name, line, severity, message) of mypy --strict's report on ``files``, numerics_fn found on
    ``search_path`` (MYPYPATH: setuptools' editable finder is invisible to mypy)."""
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e .[test])")
    config = workdir / "mypy.ini"
    config.write_text("[mypy]\n")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--strict", "--follow-imports=silent",
         "--no-error-summary", "--hide-error-context", "--cache-dir", str(workdir / ".mypy_cache"), *map(str, files)],
        capture_output=True, text=True, cwd=workdir, env={**os.environ, "MYPYPATH": str(search_path)}, timeout=600,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stdout + result.stderr
    out = []
    for line in result.stdout.splitlines():
        m = re.match(r"(.+?):(\d+): (error|note): (.*)", line)
        assert m, f"unexpected mypy output: {line}"
        out.append((Path(m[1]).name, int(m[2]), m[3], m[4]))
    return out


def _pyright(files: list[Path], search_path: Path, workdir: Path) -> list[tuple[str, int, str, str]]:
    """The same from pyright (basedpyright, in the standard mode)."""
    if not PYRIGHT.exists():
        pytest.skip("basedpyright is not installed (pip install -e .[test])")
    config = workdir / "pyrightconfig.json"
    config.write_text(json.dumps({"extraPaths": [str(search_path)], "typeCheckingMode": "standard"}))
    result = subprocess.run(
        [str(PYRIGHT), "--outputjson", "--pythonpath", sys.executable, "-p", str(config), *map(str, files)],
        capture_output=True, text=True, cwd=workdir, timeout=600,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return [
        (Path(d["file"]).name, d["range"]["start"]["line"] + 1, d["severity"], d["message"])
        for d in json.loads(result.stdout)["generalDiagnostics"]
    ]


def _marked_lines(path: Path) -> set[int]:
    return {n for n, line in enumerate(path.read_text().splitlines(), 1) if re.search(r"\S  # error: ", line)}


#: Mistake lines (found by their text) and what each checker's message says there.
MESSAGES = {
    "keepdim=True": ('did you mean "keepdims"', 'No overloads for "sum"'),
    'devise="cpu"': ('Unexpected keyword argument "devise" for "Context"; did you mean "device"', 'No parameter named "devise"'),
    "dtype=3.5": ('Argument "dtype" to "zeros" has incompatible type "float"', 'parameter "dtype" of type "DTypeLike | None"'),
    ".flaot64": ('"Backend" has no attribute "flaot64"', 'Cannot access attribute "flaot64" for class "Backend"'),
    "nf.normal(x": ('Argument 1 to "normal" has incompatible type', 'parameter "rng" of type "Generator"'),
    "nf.expp(x)": ('Module has no attribute "expp"', '"expp" is not a known attribute of module "numerics_fn"'),
}  # fmt: skip


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_type_checker_on_user_code(checker, tmp_path) -> None:
    # One run per checker on this checkout: the correct code passes, each marked mistake is reported (on
    # that line and no other), and reveal_type shows the catalogue's signatures.
    files = [USER_CODE, REVEAL, *([REVEAL_TORCH] if HAS_TORCH else [])]
    report = (_mypy if checker == "mypy" else _pyright)(files, ROOT, tmp_path)
    errors = {(n, m) for f, n, severity, m in report if f == USER_CODE.name and severity == "error"}
    assert {n for n, _ in errors} == _marked_lines(USER_CODE), sorted(errors)
    assert not [r for r in report if r[0] != USER_CODE.name and r[2] == "error"]
    lines = USER_CODE.read_text().splitlines()
    for snippet, expected in MESSAGES.items():
        line = next(n for n, text in enumerate(lines, 1) if snippet in text)
        said = [m for n, m in errors if n == line]
        assert any(expected[checker == "pyright"] in m for m in said), (snippet, said)
    _check_reveals(checker, report)
    if HAS_TORCH:
        _check_reveals(checker, report, REVEAL_TORCH, REVEALS_TORCH)


def _check_reveals(
    checker: str,
    report: list[tuple[str, int, str, str]],
    path: Path = REVEAL,
    table: dict[str, tuple[list[str], list[str]]] = REVEALS,
) -> None:
    lines = path.read_text().splitlines()
    revealed = {
        re.fullmatch(r"reveal_type\((.*)\)", lines[n - 1])[1]: message  # type: ignore[index]
        for f, n, severity, message in report
        if f == path.name and severity in ("note", "information")
    }
    assert set(revealed) == set(table)
    for expression, expected in table.items():
        for text in expected[checker == "pyright"]:
            assert text in revealed[expression], f"{checker}: reveal_type({expression}) is {revealed[expression]}"


def test_correct_user_code_runs() -> None:
    # The calls that type-check are real calls (numpy backend), not only well-typed ones.
    namespace: dict[str, object] = {}
    exec(compile(USER_CODE.read_text(), str(USER_CODE), "exec"), namespace)
    namespace["correct"]()  # type: ignore[operator]


# --- the built wheel, installed outside the repository --------------------------------------------------
@pytest.mark.slow
def test_installed_wheel_gives_types_outside_the_repository(tmp_path) -> None:
    if importlib.util.find_spec("setuptools") is None:
        pytest.skip("building the wheel without isolation needs setuptools in this environment")
    source = tmp_path / "src"
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, source / name if source.exists() else (source.mkdir() or source / name))
    shutil.copytree(
        ROOT / "numerics_fn", source / "numerics_fn", ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd")
    )
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w",
         str(wheels), str(source)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    expected = {"numerics_fn/py.typed", "numerics_fn/typing.py"} | {
        f"numerics_fn/{m}.pyi" for m in ("__init__", "linalg", "fft")
    }
    assert expected <= shipped, expected - shipped
    site = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(site), str(wheel)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    user = tmp_path / "user"
    user.mkdir()
    shutil.copy(REVEAL, user / REVEAL.name)
    for checker, check in (("mypy", _mypy), ("pyright", _pyright)):
        report = check([user / REVEAL.name], site, user)
        assert not [r for r in report if r[2] == "error"], report
        _check_reveals(checker, report)
