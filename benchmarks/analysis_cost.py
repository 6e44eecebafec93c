"""What an analyser costs per file: its long-lived process against one process per file.

For each tool with a long-lived analysis process (Python: pylint; Ruby: RuboCop; Java: javac
and Checkstyle in one JVM; lizard, which every language runs, measured on the Python and Java
answers), runs the language's analysers on its calibration answers
(``tests/data/calibration/<language>/``, 24 each), file by file, both ways, interleaved (the
order of the two alternates from file to file) so that the machine's load falls on both alike,
with the disk cache off (``AGENTBENCH_ANALYSIS_CACHE=0``). The long-lived process is started
before the first file and its start-up is printed apart: a run pays it once.

Prints the seconds per file both ways (the median over the files; a file costs the sum of the
language's analysers), the ratio, and the start-up.

    python benchmarks/analysis_cost.py [--files 24] [--rows python,ruby,java,lizard-python,...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pytest_agentbench.analysis import Analyser, analysers_for, server
from pytest_agentbench.analysis.rules import load_rules
from pytest_agentbench.languages import default_registry

ROOT = Path(__file__).resolve().parent.parent
CALIBRATION = ROOT / "tests" / "data" / "calibration"
#: row -> (language, answers' extension, the tools)
SERVED = {"python": ("python", "py", ("pylint",)), "ruby": ("ruby", "rb", ("rubocop",)),
          "java": ("java", "java", ("javac", "checkstyle")),
          "lizard-python": ("python", "py", ("lizard",)),
          "lizard-java": ("java", "java", ("lizard",))}


def seconds(language: str, analysers: list[Analyser], code: str, served: bool) -> float:
    """The seconds the analysers take on ``code``, with or without their long-lived process."""
    os.environ["AGENTBENCH_ANALYSIS_SERVER"] = "1" if served else "0"
    table = load_rules(language)
    file_name = default_registry().get(language).file_name
    start = time.perf_counter()
    for analyser in analysers:
        with tempfile.TemporaryDirectory(prefix="agentbench-bench-") as tmp:
            (Path(tmp) / file_name).write_text(code, encoding="utf-8")
            analyser.run(Path(tmp), file_name, table.tool_options(analyser.name))
    return time.perf_counter() - start


def measure(row: str, count: int) -> dict[str, float] | None:
    language, extension, names = SERVED[row]
    analysers = [a for a in analysers_for(language) if a.name in names]
    missing = [a.name for a in analysers if a.availability()[0] is None]
    if missing or not analysers:
        print(f"{row}: skipped ({', '.join(missing) or 'no analysers'} not available)")
        return None
    answers = sorted(CALIBRATION.joinpath(language).glob(f"*.{extension}"))[:count]
    codes = [path.read_text(encoding="utf-8") for path in answers]
    startup = seconds(language, analysers, codes[0], served=True)  # starts the process
    served, spawned = [], []
    for index, code in enumerate(codes):
        for way in ((True, False) if index % 2 == 0 else (False, True)):
            (served if way else spawned).append(seconds(language, analysers, code, way))
    if server.unavailable():
        print(f"{row}: no long-lived process: {server.unavailable()}")
    return {"files": len(codes), "served": statistics.median(served),
            "process": statistics.median(spawned), "startup": startup}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=24, help="answers per language")
    parser.add_argument("--rows", default=",".join(SERVED), help=f"of {', '.join(SERVED)}")
    args = parser.parse_args()
    os.environ["AGENTBENCH_ANALYSIS_CACHE"] = "0"  # every file analysed, none read from disk
    rows = []
    for row in args.rows.split(","):
        figures = measure(row.strip(), args.files)
        if figures is not None:
            rows.append((row.strip(), figures))
    print(f"{'row':<14} {'tools':<19} {'files':>5} {'long-lived s/file':>18} "
          f"{'process s/file':>15} {'ratio':>7} {'start-up s':>11}")
    for row, f in rows:
        tools = "+".join(SERVED[row][2])
        print(f"{row:<14} {tools:<19} {f['files']:>5} {f['served']:>18.3f} "
              f"{f['process']:>15.3f} {f['process'] / f['served']:>6.1f}x {f['startup']:>11.2f}")


if __name__ == "__main__":
    main()
