"""The LP relaxation bound of the tuned model: how much of each rule the linear
relaxation sees.

The project's model (solver.build.build_model, soft penalties off) is translated to a
MIP exactly as benchmarks/mip_highs.py does, its integrality dropped, and the LP solved
by HiGHS (in a child process). Prints the bound with every rule, then with each rule
of `--switch-off` switched off in turn. A rule whose switching off hardly moves the LP
bound is one the relaxation does not see: the search has to prove it by branching.

    python benchmarks/lp_bound.py benchmarks/scenarios/08w-5k.toml \\
        --switch-off ramp_enabled,max_monotony_enabled,taper_shape_enabled

`--monotony-cuts STEP` adds, for every full week, the valid tangent inequalities
(p + q)(2aS - a²) <= 7pQ for a = STEP, 2 STEP, ... (S² >= 2aS - a² for every a) to the
Foster monotony rule 7pQ >= (p + q)S², to show what they do to the bound.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.mip_highs import OBJECTIVE_SCALE, to_arrays  # noqa: E402


def lp_bound(path: Path, off: list[str], monotony_cuts: int) -> float | None:
    from models.catalog import resolve_catalog
    from models.io import parse_document, validate_scenario
    from solver.build import build_model
    from solver.constraints.monotony import monotony_square

    raw = parse_document(path)
    raw.setdefault("objective", {})["soft_penalties"] = False
    for key in off:
        raw.setdefault("constraints", {})[key] = False
    scenario = validate_scenario(raw)
    built = build_model(scenario, resolve_catalog(scenario))
    ctx = built.ctx
    limit = scenario.constraints.max_monotony
    if monotony_cuts and scenario.constraints.monotony_on and limit is not None:
        m2 = monotony_square(limit)
        p, q = m2.numerator, m2.denominator
        for w in ctx.cal.weeks:
            if not w.full:
                continue
            load = ctx.week_load[w.index - 1]
            squares = ctx.weighted(w.day_range, lambda s: s.load * s.load)
            for a in range(monotony_cuts, ctx.week_load_upper[w.index - 1] + 1, monotony_cuts):
                ctx.model.add((p + q) * (2 * a * load - a * a) <= 7 * p * squares)
    arrays = to_arrays(built.model.proto)
    arrays["integer"] = np.zeros_like(arrays["integer"])
    with tempfile.TemporaryDirectory(prefix="speedblock-lp-") as tmp:
        npz, out = Path(tmp) / "lp.npz", Path(tmp) / "out.json"
        np.savez(npz, **arrays)  # type: ignore[arg-type]
        script = str(ROOT / "benchmarks" / "mip_highs.py")
        subprocess.run(
            [sys.executable, script, str(npz), str(out), "300", "1", "0", "0"], check=True
        )
        res = json.loads(out.read_text())
    return None if res["objective"] is None else res["objective"] / OBJECTIVE_SCALE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--switch-off", default="", help="comma-separated constraint switches")
    parser.add_argument("--monotony-cuts", type=int, default=0, metavar="STEP")
    args = parser.parse_args()
    base = lp_bound(args.scenario, [], args.monotony_cuts)
    print(f"every rule: LP bound {base:.2f}" if base is not None else "every rule: no LP bound")
    for key in [k.strip() for k in args.switch_off.split(",") if k.strip()]:
        value = lp_bound(args.scenario, [key], args.monotony_cuts)
        shown = "-" if value is None else f"{value:.2f}"
        print(f"{key} = false: LP bound {shown}")


if __name__ == "__main__":
    main()
