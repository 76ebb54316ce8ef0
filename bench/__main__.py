"""`python -m bench [NAME…]`: run every bench/bench_*.py module (or the named ones) in name order.

Each module exposes `run(report)`; see bench/README.md. A missed target is printed as MISSED but is not a
failure: the exit status is non-zero only when a benchmark crashes (or a name is unknown).
"""

import importlib
import signal
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


class Report:
    """What a benchmark is handed: call it for a figure against a baseline, `.measure` for a plain figure."""

    def __init__(self, out=None):
        self.out = out or sys.stdout
        self.missed = []

    def __call__(self, name, value, baseline, unit, *, higher_is_better=True, target=None):
        """One line: the figure, the baseline measured in the same run, their ratio, and the target if any.

        target is a ratio: 0.40 means "at least 40 % of the baseline" (or, when lower is better, "at most").
        """
        ratio = value / baseline if baseline else float("nan")
        line = (
            f"{name:<44} {_number(value):>10} {unit:<8} baseline {_number(baseline):>10}  ratio {ratio:6.2f}"
        )
        if target is not None:
            met = ratio >= target if higher_is_better else ratio <= target
            sign = "≥" if higher_is_better else "≤"
            line += f"  target {sign} {target:.2f}: " + ("met" if met else "MISSED")
            if not met:
                self.missed.append(name)
        self._print(line)
        return ratio

    def measure(self, name, value, unit, *, limit=None, higher_is_better=False):
        """A plain figure, checked against a limit when given (by default a ceiling, as for page weight)."""
        line = f"{name:<44} {_number(value):>10} {unit:<8}"
        if limit is not None:
            met = value >= limit if higher_is_better else value <= limit
            sign = "≥" if higher_is_better else "≤"
            line += f" limit {sign} {_number(limit)} {unit}: " + ("met" if met else "MISSED")
            if not met:
                self.missed.append(name)
        self._print(line)

    def note(self, text):
        """A line of context (configuration, a warning) printed indented under the figures."""
        self._print(f"  {text}")

    def _print(self, line):
        print(line, file=self.out, flush=True)


def _number(value):
    if isinstance(value, int) or float(value).is_integer() and abs(value) >= 100:
        return f"{int(value):,}"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"


def available():
    """Benchmark names (bench_caravan_page.py → caravan_page), in name order."""
    return sorted(path.stem.removeprefix("bench_") for path in BENCH_DIR.glob("bench_*.py"))


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    names = available()
    if argv in (["-h"], ["--help"]):
        print("python -m bench [NAME…]   benchmarks: " + ", ".join(names))
        return 0
    wanted = [name.removeprefix("bench_").removesuffix(".py") for name in argv] or names
    unknown = [name for name in wanted if name not in names]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names)}", file=sys.stderr)
        return 2
    # SIGTERM ends the run like Ctrl-C, so that every benchmark's clean-up (servers, temporary files) runs.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    report = Report()
    crashed = []
    for name in wanted:
        print(f"== {name}", flush=True)
        started = time.monotonic()
        try:
            importlib.import_module(f"bench.bench_{name}").run(report)
        except (Exception, KeyboardInterrupt) as error:
            traceback.print_exc()
            crashed.append(name)
            if isinstance(error, KeyboardInterrupt):
                break
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    if report.missed:
        print("MISSED: " + ", ".join(report.missed))
    if crashed:
        print("CRASHED: " + ", ".join(crashed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
