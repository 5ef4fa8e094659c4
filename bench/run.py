"""Runs every benchmark in ``bench/`` (each module with a ``run()``) and prints one table."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    rows: list[tuple[str, str, float, str, float, str]] = []
    for path in sorted(HERE.glob("*.py")):
        if path.name == Path(__file__).name:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        rows.extend(module.run())
    header = ("benchmark", "measured", "value", "baseline", "value", "ratio")
    print(
        f"{header[0]:<34} {header[1]:<28} {header[2]:>10}   {header[3]:<28} {header[4]:>10} "
        f"{header[5]:>7}"
    )
    for name, label, value, base_label, base_value, unit in rows:
        ratio = value / base_value if base_value else float("nan")
        print(
            f"{name:<34} {label:<28} {value:>8.2f}{unit:>2}   {base_label:<28} "
            f"{base_value:>8.2f}{unit:>2} {ratio:>6.1f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
