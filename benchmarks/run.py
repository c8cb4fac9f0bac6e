"""Run the benchmarks from a source checkout: ``python benchmarks/run.py [--quick] [--plot] ...``.

The same as ``python -m numerics_fn bench`` (and ``make bench``); the code lives in
``numerics_fn/_bench/`` so installed users can run it too. ``--help`` lists the options.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from numerics_fn._bench import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
