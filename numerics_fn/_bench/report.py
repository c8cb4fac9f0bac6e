"""The terminal table and the ``--plot`` chart of a benchmark run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .overhead import PEERS

__all__ = ["plot", "table"]


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _ns(value: float | None) -> str:
    return "-" if value is None else f"{value:+.0f}"


def _overhead_lines(section: dict[str, Any]) -> list[str]:
    rows = section["rows"]
    lines = [
        f"Per-call overhead over the direct library call, median ns ({section['array']}, "
        f"{rows[0]['rounds'] if rows else 0} interleaved rounds; torch threads: {section['torch_threads']})",
        f"{'backend':<14}{'op':<9}{'kind':<11}{'direct':>9}{'numerics_fn':>13}{'(best)':>8}{'autoray':>9}"
        f"{'multipledisp.':>15}{'target':>9}",
    ]
    for r in rows:
        lines.append(
            f"{r['backend']:<14}{r['op']:<9}{r['kind']:<11}{r['direct_ns']:>9.0f}{_ns(r['numerics_fn_ns']):>13}"
            f"{_ns(r['numerics_fn_best_ns']):>8}{_ns(r['autoray_ns']):>9}{_ns(r['multipledispatch_ns']):>15}"
            f"{'<=' + format(r['target_ns'], '.0f'):>7} {_verdict(r['meets_target'])}"
        )
    lines.append("(best: fastest round minus fastest direct round, less inflated by load on a shared machine)")
    if section["pytorch_unavailable"]:
        lines.append(f"pytorch rows: not available ({section['pytorch_unavailable']})")
    return lines


def _forms_lines(section: dict[str, Any]) -> list[str]:
    rows = section["rows"]
    lines = [
        f"Call forms: ns over the direct library call, median ({section['array']}, "
        f"{rows[0]['rounds'] if rows else 0} interleaved rounds; target <= {section['target_ns']:.0f} ns)",
        f"{'backend':<10}{'form':<16}{'direct':>9}{'numerics_fn':>13}{'(best)':>8}  statement",
    ]
    for r in rows:
        lines.append(
            f"{r['backend']:<10}{r['op']:<16}{r['direct_ns']:>9.0f}{_ns(r['numerics_fn_ns']):>13}"
            f"{_ns(r['numerics_fn_best_ns']):>8}  {_verdict(r['meets_target']):<7}{r['statements']['numerics_fn']}"
        )
    if section["pytorch_unavailable"]:
        lines.append(f"pytorch rows: not available ({section['pytorch_unavailable']})")
    return lines


def _import_line(section: dict[str, Any]) -> str:
    ok = section["overhead_ms"] <= section["target_ms"] and not section["heavy_modules_imported"]
    return (
        f"import numerics_fn over import numpy: {section['overhead_ms']:.1f} ms (numpy {section['numpy_ms']:.1f} ms, "
        f"median of {section['repeats']}); torch imported: {section['torch_imported']}, cupynumeric imported: "
        f"{section['cupynumeric_imported']}; target <= {section['target_ms']:.0f} ms, none imported: {_verdict(ok)}"
    )


def _circuit_lines(section: dict[str, Any], title: str = "circuit") -> list[str]:
    lines = [f"{title}: {section['n_qubits']} qubits, {section['n_gates']} gates, median of {section['rounds']}"]
    for lib in ("numpy", "torch"):
        r = section[lib]
        if r is None:
            lines.append(f"  {lib}: not available ({section['pytorch_unavailable']})")
            continue
        ok = r["ratio"] <= section["target_ratio"]
        lines.append(
            f"  {lib:<6} direct {r['direct_ms']:8.2f} ms   through nf {r['numerics_fn_ms']:8.2f} ms   "
            f"x{r['ratio']:.3f} (target x{section['target_ratio']}: {_verdict(ok)})"
        )
    return lines


def _grad_lines(section: dict[str, Any]) -> list[str]:
    if not section.get("available", True):
        return [f"value_and_grad: not available ({section.get('reason')})"]
    lines = [f"value_and_grad vs central finite differences (source: {section.get('source')})"]
    # Our own measure lists "sizes"; benchmarks/bench_autodiff.py gives one dict per size.
    for r in section.get("sizes") or [v for v in section.values() if isinstance(v, dict)]:
        lines.append("  " + ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in r.items()))
    return lines


def _memory_line(section: dict[str, Any]) -> str:
    ok = section["peak_rss_ratio"] <= section["target_ratio"]
    return (
        f"peak memory, matmul {section['n']}x{section['n']} float64 (result {section['result_mib']:.0f} MiB): "
        f"numpy {section['numpy']['peak_rss_mib']:.0f} MiB, nf {section['numerics_fn']['peak_rss_mib']:.0f} MiB "
        f"(x{section['peak_rss_ratio']:.3f}); traced allocations numpy {section['numpy']['traced_peak_mib']:.1f} "
        f"MiB, nf {section['numerics_fn']['traced_peak_mib']:.1f} MiB; target x{section['target_ratio']}: "
        f"{_verdict(ok)}"
    )


def table(results: dict[str, Any]) -> str:
    """The human-readable summary of ``results``."""
    lines: list[str] = []
    if "overhead" in results:
        lines += _overhead_lines(results["overhead"])
    if "import" in results:
        lines.append(_import_line(results["import"]))
    if "forms" in results:
        lines += _forms_lines(results["forms"])
    if "circuit" in results:
        lines += _circuit_lines(results["circuit"])
    if "namespace" in results:
        lines += _circuit_lines(results["namespace"], "namespace circuit (seed style: K.array, K.reshape, K.einsum)")
    if "value_and_grad" in results:
        lines += _grad_lines(results["value_and_grad"])
    if "memory" in results:
        lines.append(_memory_line(results["memory"]))
    lines.append(f"({results['seconds']:.0f} s{', quick mode: smoke test only' if results['quick'] else ''})")
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> None:
    """A bar chart of the per-call overheads (needs matplotlib; raises ImportError without it)."""
    import matplotlib as mpl

    mpl.use("Agg")
    import matplotlib.pyplot as plt

    rows = results.get("overhead", {}).get("rows", [])
    variants = [v for v in ("numerics_fn", *PEERS) if any(r[f"{v}_ns"] is not None for r in rows)]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.9 * len(rows) + 2), 4.5))
    width = 0.8 / max(1, len(variants))
    for i, variant in enumerate(variants):
        xs = [j + (i - (len(variants) - 1) / 2) * width for j in range(len(rows))]
        ys = [r[f"{variant}_ns"] or 0.0 for r in rows]
        ax.bar(xs, ys, width, label=variant)
    for j, r in enumerate(rows):
        ax.hlines(r["target_ns"], j - 0.45, j + 0.45, colors="black", linestyles="dashed", linewidth=1)
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels([f"{r['backend']}\n{r['op']}" for r in rows], fontsize=8)
    ax.set_yscale("symlog", linthresh=100)  # linear to 100 ns, then logarithmic (negatives stay visible)
    ax.set_ylabel("overhead per call (ns, median)")
    ax.set_title("Per-call overhead over the direct library call (4x4 float64); dashed: target")
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
