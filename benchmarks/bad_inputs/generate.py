"""Write the bad-input corpus to a folder and list its cases, or run the command line over it.

    python benchmarks/bad_inputs/generate.py OUT            # write the corpus, list what each case expects
    python benchmarks/bad_inputs/generate.py OUT --run      # ... then `callqa run` it into OUT/corpus.duckdb

The corpus is generated from the bundled samples and a fixed seed (benchmarks/bad_inputs/corpus.py);
tests/trust/test_bad_inputs.py checks every case.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.bad_inputs.corpus import SEED, build_corpus  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to create (must not exist)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--run", action="store_true", help="run `callqa run` on the corpus afterwards")
    args = parser.parse_args()
    corpus = build_corpus(args.out, seed=args.seed)
    for case in corpus.cases:
        print(f"{case.expect:<9} {case.kind:<45} {case.path}")
    print(f"{len(corpus.cases)} cases in {args.out}")
    if args.run:
        command = [sys.executable, "-m", "pipeline.cli", "run", str(corpus.inbox), "--manifest",
                   str(corpus.manifest), "--db", str(args.out / "corpus.duckdb")]
        return subprocess.call(command, cwd=Path(__file__).resolve().parents[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
