"""What every callqa notebook shares: opening the store, chart style, computed Markdown.

Kept tiny on purpose: the analyses themselves live in the notebooks, and every figure they show is
read through the store's public API (``store.Store``) or the SQL views store/README.md documents.
"""

from __future__ import annotations

from pathlib import Path

# Reviews written by a simulation (tests, demos) carry this at the start of their note.
SIMULATED_MARK = "[simulated]"

_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei",
              "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "SimHei")


def open_store(db: str | Path):
    """The store at ``db``; a clear error instead of silently creating an empty database."""
    from store import Store

    path = Path(db).expanduser()
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: no callqa database here. Set CALLQA_DB to your store "
            "(e.g. CALLQA_DB=/data/callqa.duckdb) or build one with `callqa demo`.")
    return Store(path)


def use_chart_style() -> None:
    """Readable defaults, and a CJK font when one is installed (agent names, Chinese labels)."""
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    cjk = [name for name in _CJK_FONTS if name in installed]
    plt.rcParams.update({
        "figure.figsize": (9, 3.6), "figure.dpi": 90, "axes.spines.top": False,
        "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
        "font.sans-serif": cjk + ["DejaVu Sans"], "axes.unicode_minus": False,
    })


def say(markdown: str) -> None:
    """Show a computed conclusion as Markdown in the notebook."""
    from IPython.display import Markdown, display

    display(Markdown(markdown))


def simulated_reviewers(reviews) -> list[str]:
    """Reviewers whose reviews in this DataFrame (``store.reviews()``) are marked simulated."""
    if reviews is None or len(reviews) == 0:
        return []
    marked = reviews[reviews.note.fillna("").str.startswith(SIMULATED_MARK)]
    return sorted(marked.reviewer.unique())


def pct(value) -> str:
    """A rate as a percentage, or a dash when it is unknown."""
    if value is None or value != value:  # None or NaN
        return "–"
    return f"{value:.0%}"
