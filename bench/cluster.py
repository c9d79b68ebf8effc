"""The cost of the cluster path: the same documents built with `--jobs N` on this machine's process pool and
with `--executor dask` on a LocalCluster of N single-threaded worker processes (same cores), whole-process
wall time, median of the runs, and the ratio.

    python bench/cluster.py                        # 1,000 seed-sized documents, N = the machine's cores
    python bench/cluster.py --count 100 --runs 1
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "education-work-conference-2024.txt"
WORK = ROOT / "build" / "bench" / "cluster"
EPOCH = "1704067200"


def make_documents(folder: Path, count: int) -> None:
    """`count` seed-sized documents, each the seed with its own numbered title line."""
    if folder.is_dir() and len(list(folder.glob("*.txt"))) == count:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    title, _, rest = SEED.read_text(encoding="utf-8").partition("\n")
    for i in range(1, count + 1):
        (folder / f"doc{i:04d}.txt").write_text(f"{title.rstrip()}（第{i}号）\n{rest}", encoding="utf-8")


def timed(command: list[str]) -> float:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="documents (default 1000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes / workers")
    parser.add_argument("--runs", type=int, default=1, help="timed runs of each (median reported)")
    parser.add_argument("--formats", default="docx,pdf,epub")
    args = parser.parse_args()
    source = WORK / f"source-{args.count}"
    make_documents(source, args.count)
    pressline = [sys.executable, "-m", "pipeline", "build", str(source), "--formats", args.formats, "--force",
                 "-q", "--jobs", str(args.jobs)]
    commands = {
        "local": [*pressline, "-o", str(WORK / "out-local")],
        "dask": [*pressline, "-o", str(WORK / "out-dask"), "--executor", "dask"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):  # alternating, so that the machine's other load falls on both alike
        for name, command in commands.items():
            times[name].append(timed(command))
    local, dask = (statistics.median(times[n]) for n in ("local", "dask"))
    same = all((WORK / "out-local" / p.name).read_bytes() == p.read_bytes()
               for p in (WORK / "out-dask").iterdir() if p.is_file())
    print(f"{args.count} seed-sized documents ({args.formats}), {args.jobs} cores, "
          f"{os.cpu_count()} on the machine, median of {args.runs} run(s), whole process:")
    print("| executor | wall | documents/s |")
    print("|---|---:|---:|")
    print(f"| --jobs {args.jobs} (process pool) | {local:.1f} s | {args.count / local:.1f} |")
    print(f"| --executor dask (LocalCluster, {args.jobs} workers x 1 thread) | {dask:.1f} s "
          f"| {args.count / dask:.1f} |")
    print(f"cluster / local: {dask / local:.2f}; same bytes: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
