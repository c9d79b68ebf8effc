"""The cost of the fonts per document: loading the official template's faces in a fresh process.

Nothing is converted at run time, so this stays small; reportlab's own import is not counted.
Usage: .venv/bin/python bench/font_cost.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

CODE = (
    "import time; from pipeline.typeset import fonts; import reportlab.pdfbase.ttfonts, reportlab.pdfbase.pdfmetrics\n"
    "t = time.perf_counter(); [fonts.register(r) for r in ('serif', 'serif-bold', 'sans', 'kai')]\n"
    "fonts.covers('serif', '中')\n"
    "print(time.perf_counter() - t)"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="fresh processes (median reported)")
    args = parser.parse_args(argv)
    times = [float(subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True).stdout)
             for _ in range(args.runs)]
    print(f"font load per process: median {statistics.median(times):.3f} s over {args.runs} run(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
