"""Execute the callqa notebooks top to bottom against a store, headless (what CI does).

    python notebooks/run.py --db callqa.duckdb --out executed/            # every notebook
    python notebooks/run.py --db callqa.duckdb --agent a-201 agent_coaching

Executed copies (with their charts) are written to --out; the exit status is 1 if a cell failed.
Needs ``nbclient``, ``ipykernel`` and ``matplotlib``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTEBOOKS = ("quality_trends", "calibration", "complaint_drivers", "agent_coaching", "rubric_tuning")


def run_notebook(name: str, db: str | Path, *, agent_id: str | None = None, timeout_s: int = 300,
                 kernel_name: str = "python3"):
    """Execute ``notebooks/<name>.ipynb`` with CALLQA_DB set; returns the executed notebook.

    A failing cell raises ``nbclient.exceptions.CellExecutionError`` naming the cell and the error.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(HERE / f"{name}.ipynb", as_version=4)
    env = {**os.environ, "CALLQA_DB": str(Path(db).resolve()), "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    if agent_id:
        env["CALLQA_AGENT"] = agent_id
    client = NotebookClient(nb, timeout=timeout_s, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(HERE)}})  # kernel on 127.0.0.1
    client.execute(env=env)
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NOTEBOOK", help=f"default: all ({', '.join(NOTEBOOKS)})")
    parser.add_argument("--db", default=os.environ.get("CALLQA_DB", str(HERE.parent / "callqa.duckdb")))
    parser.add_argument("--out", default="executed", help="folder for the executed copies")
    parser.add_argument("--agent", help="agent id for agent_coaching (default: the busiest agent)")
    args = parser.parse_args(argv)

    import nbformat
    from nbclient.exceptions import CellExecutionError

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name in args.names or NOTEBOOKS:
        try:
            nb = run_notebook(name, args.db, agent_id=args.agent)
        except CellExecutionError as err:
            failed += 1
            sys.stderr.write(f"{name}: a cell failed\n{err}\n")
            continue
        nbformat.write(nb, out / f"{name}.ipynb")
        sys.stdout.write(f"{out / (name + '.ipynb')}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
