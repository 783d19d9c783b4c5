"""The project's tuned CP-SAT model, solved as a MIP by HiGHS (highspy).

The model is built by `solver.build.build_model` exactly as the project's solver
builds it, with the week-load caps of solver/week_caps.py, then its CpModelProto is
translated constraint by constraint into a mixed-integer linear program, exactly (no
constraint is relaxed or dropped):

- every variable becomes an integer column with its domain's bounds; a domain with
  holes (e.g. the minutes a day can take) gets one binary per interval, exactly one
  of them on, and the column lies in the chosen interval;
- linear constraints keep their bounds; a domain of several intervals picks one with
  binaries; enforcement literals become big-M terms, with M from the activity bounds;
- bool_or, bool_and, exactly_one and at_most_one are rows over literals (a negated
  literal is 1 - x);
- lin_max (t = max_i e_i): t >= e_i for every i, and a binary per i, exactly one on,
  with t <= e_i + M_i (1 - z_i);
- int_prod of two factors (t = a x b, Foster monotony's squared weekly load): b is
  written in binary, b = lo_b + sum 2^k y_k, and each a x y_k is linearised exactly
  (McCormick on a binary), so t = lo_b a + sum 2^k w_k;
- any other constraint kind raises NotLinear.

OR-Tools and highspy cannot share a process (each ships its own HiGHS library under
the same name), so the translation runs where the CP-SAT model is built and writes
plain arrays to a file; HiGHS runs in a child process that imports no OR-Tools
(`python benchmarks/mip_highs.py ARRAYS.npz OUT.json ...`) and writes its solution
back. Its peak memory is reported separately.

The objective is the proto's: HiGHS minimises sum coeffs x vars + offset, and the
reported objective and bound are scaling_factor x that, divided by OBJECTIVE_SCALE.
A plan is read back from the day variables (`ctx.x`) and returned as sessions, so
the caller checks it with models.check like any other plan.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from models.scenario import Scenario, Session

INT64_BIG = 2**62  # CP-SAT writes unbounded sides as int64 min / max
INF = math.inf  # HiGHS reads any value >= 1e20 as infinite
OBJECTIVE_SCALE = 10_000  # checked against solver.objective.OBJECTIVE_SCALE when solving


class NotLinear(Exception):
    """The model holds a constraint this translation does not linearise."""


@dataclass
class HighsResult:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, NOT_LINEAR
    objective: float | None
    bound: float | None
    gap: float | None
    solve_seconds: float  # HiGHS's run alone
    build_seconds: float  # CP-SAT model building (the project's)
    translate_seconds: float  # proto to MIP
    sessions: list[Session] | None
    columns: int
    rows: int
    message: str = ""
    child_peak_mib: float = 0.0  # the HiGHS process's own peak resident memory


class _Mip:
    """Columns and rows of a MIP, rows stored as (lower, upper, {col: coef})."""

    def __init__(self) -> None:
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[bool] = []
        self.row_lo: list[float] = []
        self.row_hi: list[float] = []
        self.row_start: list[int] = [0]
        self.row_index: list[int] = []
        self.row_value: list[float] = []

    def col(self, lb: float, ub: float, integer: bool = True) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(integer)
        return len(self.lb) - 1

    def row(self, terms: dict[int, float], lo: float, hi: float) -> None:
        for c, v in terms.items():
            if v:
                self.row_index.append(c)
                self.row_value.append(float(v))
        self.row_start.append(len(self.row_index))
        self.row_lo.append(lo)
        self.row_hi.append(hi)


def _add(terms: dict[int, float], col: int, coef: float) -> None:
    terms[col] = terms.get(col, 0.0) + coef


class _Translator:
    def __init__(self, proto: Any):
        self.proto = proto
        self.mip = _Mip()
        # columns 0..n-1 are the proto's variables, in order; auxiliary columns follow
        domains = [list(v.domain) for v in proto.variables]
        for dom in domains:
            self.mip.col(float(dom[0]), float(dom[-1]))
        for col, dom in enumerate(domains):
            if len(dom) > 2:
                self.holes(col, dom)

    # -- expressions -----------------------------------------------------------

    def bounds_of(self, terms: dict[int, float], offset: float = 0.0) -> tuple[float, float]:
        lo = hi = offset
        for c, v in terms.items():
            a, b = v * self.mip.lb[c], v * self.mip.ub[c]
            lo += min(a, b)
            hi += max(a, b)
        return lo, hi

    def literal(self, ref: int, terms: dict[int, float], coef: float = 1.0) -> float:
        """Add coef x literal to terms; return the constant it leaves (coef for a negation)."""
        if ref >= 0:
            _add(terms, ref, coef)
            return 0.0
        _add(terms, -ref - 1, -coef)
        return coef

    def expr(self, e: Any) -> tuple[dict[int, float], float]:
        terms: dict[int, float] = {}
        for var, coef in zip(e.vars, e.coeffs, strict=True):
            _add(terms, var, float(coef))
        return terms, float(e.offset)

    def enforcement(self, refs: Sequence[int]) -> tuple[dict[int, float], float]:
        """s = the number of false enforcement literals, as terms + constant."""
        terms: dict[int, float] = {}
        const = 0.0
        for ref in refs:
            # 1 - lit
            const += 1.0
            const -= self.literal(ref, terms, 1.0)
            # literal() added +lit (or -x with constant 1): negate to get 1 - lit
        terms = {c: -v for c, v in terms.items()}
        return terms, const

    # -- constraints -----------------------------------------------------------

    def holes(self, col: int, dom: list[int]) -> None:
        intervals = list(zip(dom[0::2], dom[1::2], strict=True))
        zs = [self.mip.col(0.0, 1.0) for _ in intervals]
        self.mip.row(dict.fromkeys(zs, 1.0), 1.0, 1.0)
        lo_terms = {col: 1.0} | {z: -float(a) for z, (a, _) in zip(zs, intervals, strict=True)}
        hi_terms = {col: 1.0} | {z: -float(b) for z, (_, b) in zip(zs, intervals, strict=True)}
        self.mip.row(lo_terms, 0.0, INF)
        self.mip.row(hi_terms, -INF, 0.0)

    def ranged(
        self,
        terms: dict[int, float],
        const: float,
        lo: float,
        hi: float,
        relax: tuple[dict[int, float], float] | None,
    ) -> None:
        """lo <= terms + const <= hi, switched off when relax (an expression >= 0) >= 1."""
        lo -= const
        hi -= const
        if relax is None:
            self.mip.row(terms, lo, hi)
            return
        r_terms, r_const = relax
        amin, amax = self.bounds_of(terms)
        if lo > -INF:
            m_lo = max(0.0, lo - amin)
            # terms + m_lo x relax >= lo
            t = dict(terms)
            for c, v in r_terms.items():
                _add(t, c, m_lo * v)
            self.mip.row(t, lo - m_lo * r_const, INF)
        if hi < INF:
            m_hi = max(0.0, amax - hi)
            t = dict(terms)
            for c, v in r_terms.items():
                _add(t, c, -m_hi * v)
            self.mip.row(t, -INF, hi + m_hi * r_const)

    def linear(self, c: Any) -> None:
        terms: dict[int, float] = {}
        for var, coef in zip(c.linear.vars, c.linear.coeffs, strict=True):
            _add(terms, var, float(coef))
        dom = [float(v) for v in c.linear.domain]
        dom = [(-INF if v <= -INT64_BIG else INF if v >= INT64_BIG else v) for v in dom]
        enf = list(c.enforcement_literal)
        relax = self.enforcement(enf) if enf else None
        if len(dom) == 2:
            self.ranged(terms, 0.0, dom[0], dom[1], relax)
            return
        intervals = list(zip(dom[0::2], dom[1::2], strict=True))
        zs = [self.mip.col(0.0, 1.0) for _ in intervals]
        self.mip.row(dict.fromkeys(zs, 1.0), 1.0, 1.0)
        for z, (a, b) in zip(zs, intervals, strict=True):
            r_terms, r_const = relax if relax is not None else ({}, 0.0)
            both = dict(r_terms)
            _add(both, z, -1.0)  # relax + (1 - z)
            self.ranged(terms, 0.0, a, b, (both, r_const + 1.0))

    def clause(self, refs: Sequence[int], enf: Sequence[int], lo: float, hi: float) -> None:
        terms: dict[int, float] = {}
        const = 0.0
        for ref in refs:
            const += self.literal(ref, terms)
        relax = self.enforcement(enf) if enf else None
        self.ranged(terms, const, lo, hi, relax)

    def lin_max(self, c: Any) -> None:
        if list(c.enforcement_literal):
            raise NotLinear("lin_max with enforcement")
        t_terms, t_const = self.expr(c.lin_max.target)
        exprs = [self.expr(e) for e in c.lin_max.exprs]
        _, t_hi = self.bounds_of(t_terms, t_const)
        if len(exprs) == 1:
            e_terms, e_const = exprs[0]
            diff = dict(t_terms)
            for k, v in e_terms.items():
                _add(diff, k, -v)
            self.mip.row(diff, e_const - t_const, e_const - t_const)
            return
        zs = [self.mip.col(0.0, 1.0) for _ in exprs]
        self.mip.row(dict.fromkeys(zs, 1.0), 1.0, 1.0)
        for z, (e_terms, e_const) in zip(zs, exprs, strict=True):
            diff = dict(t_terms)
            for k, v in e_terms.items():
                _add(diff, k, -v)
            # t - e >= 0
            self.mip.row(diff, e_const - t_const, INF)
            # t - e <= M (1 - z)
            e_lo, _ = self.bounds_of(e_terms, e_const)
            big = max(0.0, t_hi - e_lo)
            with_z = dict(diff)
            _add(with_z, z, big)
            self.mip.row(with_z, -INF, big + e_const - t_const)

    def as_column(self, terms: dict[int, float], const: float) -> int:
        if len(terms) == 1 and const == 0.0:
            ((col, coef),) = terms.items()
            if coef == 1.0:
                return col
        lo, hi = self.bounds_of(terms, const)
        col = self.mip.col(lo, hi)
        row = dict(terms)
        _add(row, col, -1.0)
        self.mip.row(row, -const, -const)
        return col

    def int_prod(self, c: Any) -> None:
        if list(c.enforcement_literal) or len(c.int_prod.exprs) != 2:
            raise NotLinear("int_prod with enforcement or other than two factors")
        t_terms, t_const = self.expr(c.int_prod.target)
        a = self.as_column(*self.expr(c.int_prod.exprs[0]))
        b = self.as_column(*self.expr(c.int_prod.exprs[1]))
        la, ua = self.mip.lb[a], self.mip.ub[a]
        lb_, ub_ = self.mip.lb[b], self.mip.ub[b]
        if min(la, lb_) < 0 or not all(map(math.isfinite, (ua, ub_))):
            raise NotLinear("int_prod of factors that may be negative or unbounded")
        span = int(ub_ - lb_)
        bits = max(1, span.bit_length())
        ys = [self.mip.col(0.0, 1.0) for _ in range(bits)]
        # b = lb + sum 2^k y_k
        row = {b: 1.0} | {y: -float(2**k) for k, y in enumerate(ys)}
        self.mip.row(row, lb_, lb_)
        ws = []
        for y in ys:
            w = self.mip.col(0.0, ua)
            ws.append(w)
            self.mip.row({w: 1.0, y: -ua}, -INF, 0.0)  # w <= ua y
            self.mip.row({w: 1.0, y: -la}, 0.0, INF)  # w >= la y
            self.mip.row({w: 1.0, a: -1.0, y: -la}, -INF, -la)  # w <= a - la (1 - y)
            self.mip.row({w: 1.0, a: -1.0, y: -ua}, -ua, INF)  # w >= a - ua (1 - y)
        # t = lb a + sum 2^k w_k
        prod = dict(t_terms)
        _add(prod, a, -lb_)
        for k, w in enumerate(ws):
            _add(prod, w, -float(2**k))
        self.mip.row(prod, -t_const, -t_const)

    def translate(self) -> None:
        for c in self.proto.constraints:
            enf = list(c.enforcement_literal)
            if c.has_linear():
                self.linear(c)
            elif c.has_bool_or():
                self.clause(list(c.bool_or.literals), enf, 1.0, INF)
            elif c.has_bool_and():
                for ref in c.bool_and.literals:
                    self.clause([ref], enf, 1.0, INF)
            elif c.has_exactly_one():
                self.clause(list(c.exactly_one.literals), enf, 1.0, 1.0)
            elif c.has_at_most_one():
                self.clause(list(c.at_most_one.literals), enf, -INF, 1.0)
            elif c.has_lin_max():
                self.lin_max(c)
            elif c.has_int_prod():
                self.int_prod(c)
            else:
                raise NotLinear(f"constraint {c} is not supported")


def to_arrays(proto: Any) -> dict[str, np.ndarray]:
    """The MIP of a CpModelProto as arrays (row-wise matrix); `scaling` and `offset`
    turn HiGHS's minimum back into the CP-SAT objective: scaling x (value)."""
    tr = _Translator(proto)
    tr.translate()
    mip = tr.mip
    n = len(mip.lb)
    cost = np.zeros(n)
    obj = proto.objective
    offset = float(obj.offset)
    for var, coef in zip(obj.vars, obj.coeffs, strict=True):
        if var >= 0:
            cost[var] += coef
        else:  # a negated literal: coef x (1 - x)
            cost[-var - 1] -= coef
            offset += float(coef)
    return {
        "cost": cost,
        "lb": np.array(mip.lb, dtype=float),
        "ub": np.array(mip.ub, dtype=float),
        "integer": np.array(mip.integer, dtype=bool),
        "row_lo": np.array(mip.row_lo, dtype=float),
        "row_hi": np.array(mip.row_hi, dtype=float),
        "start": np.array(mip.row_start, dtype=np.int32),
        "index": np.array(mip.row_index, dtype=np.int32),
        "value": np.array(mip.row_value, dtype=float),
        "offset": np.array(offset),
        "scaling": np.array(float(obj.scaling_factor) or 1.0),
    }


def run_highs(
    arrays: dict[str, np.ndarray], time_limit: float, threads: int, seed: int, mip_rel_gap: float
) -> dict[str, Any]:
    """Solve the arrays' MIP with HiGHS (in a process without OR-Tools)."""
    import highspy

    started = time.perf_counter()
    n, m = len(arrays["lb"]), len(arrays["row_lo"])
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = m
    lp.col_cost_ = arrays["cost"]
    lp.col_lower_ = np.clip(arrays["lb"], -inf, inf)
    lp.col_upper_ = np.clip(arrays["ub"], -inf, inf)
    lp.row_lower_ = np.clip(arrays["row_lo"], -inf, inf)
    lp.row_upper_ = np.clip(arrays["row_hi"], -inf, inf)
    lp.offset_ = float(arrays["offset"])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = m
    lp.a_matrix_.start_ = arrays["start"]
    lp.a_matrix_.index_ = arrays["index"]
    lp.a_matrix_.value_ = arrays["value"]
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
        for i in arrays["integer"]
    ]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", int(threads))
    h.setOptionValue("random_seed", int(seed))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    load_seconds = time.perf_counter() - started
    run_started = time.perf_counter()
    h.run()
    solve_seconds = time.perf_counter() - run_started
    status = h.getModelStatus()
    info = h.getInfo()
    has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
    scaling = float(arrays["scaling"])
    out: dict[str, Any] = {
        "model_status": h.modelStatusToString(status),
        "optimal": status == highspy.HighsModelStatus.kOptimal,
        "infeasible": status == highspy.HighsModelStatus.kInfeasible,
        "has_plan": bool(has_plan),
        "objective": scaling * info.objective_function_value if has_plan else None,
        "bound": scaling * info.mip_dual_bound if has_plan else None,
        "solve_seconds": solve_seconds,
        "load_seconds": load_seconds,
        "columns": n,
        "rows": m,
        "solution": [round(v) for v in h.getSolution().col_value] if has_plan else [],
    }
    return out


def solve_highs(
    scenario: Scenario,
    *,
    time_limit: float = 30.0,
    threads: int = 2,
    seed: int = 0,
    mip_rel_gap: float = 1e-4,
) -> HighsResult:
    """Build the tuned model, translate it, and solve it with HiGHS in a child process."""
    from models.catalog import resolve_catalog
    from solver import objective as solver_objective
    from solver.build import build_model
    from solver.week_caps import add_week_load_caps, week_load_caps

    assert solver_objective.OBJECTIVE_SCALE == OBJECTIVE_SCALE
    sessions = resolve_catalog(scenario)
    built = build_model(scenario, sessions, with_objective=True)
    # The tuned solver's week-load caps, computed before HiGHS's clock starts.
    add_week_load_caps(built.model, built.ctx, week_load_caps(built.ctx))
    started = time.perf_counter()
    try:
        arrays = to_arrays(built.model.proto)
    except NotLinear as exc:
        return HighsResult(
            "NOT_LINEAR",
            None,
            None,
            None,
            0.0,
            built.build_seconds,
            time.perf_counter() - started,
            None,
            0,
            0,
            str(exc),
        )
    translate_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="speedblock-highs-") as tmp:
        npz, out = Path(tmp) / "mip.npz", Path(tmp) / "out.json"
        np.savez(npz, **arrays)  # type: ignore[arg-type]
        cmd = [sys.executable, __file__, str(npz), str(out), str(time_limit), str(threads)]
        cmd += [str(seed), str(mip_rel_gap)]
        subprocess.run(cmd, check=True, timeout=time_limit + 120)
        res = json.loads(out.read_text())
    status = "UNKNOWN"
    if res["infeasible"]:
        status = "INFEASIBLE"
    elif res["has_plan"]:
        status = "OPTIMAL" if res["optimal"] else "FEASIBLE"
    objective = bound = gap = None
    plan: list[Session] | None = None
    if res["has_plan"]:
        objective = res["objective"] / OBJECTIVE_SCALE
        bound = res["bound"] / OBJECTIVE_SCALE
        gap = abs(objective - bound) / max(1.0, abs(objective))
        values = res["solution"]
        plan = []
        for d, xd in enumerate(built.ctx.x):
            chosen = [s for s, var in xd.items() if values[var.index] > 0.5]
            if len(chosen) != 1:
                raise RuntimeError(f"day {d} holds {len(chosen)} sessions in the MIP solution")
            plan.append(built.ctx.sessions[chosen[0]])
    return HighsResult(
        status=status,
        objective=objective,
        bound=bound,
        gap=gap,
        solve_seconds=res["solve_seconds"],
        build_seconds=built.build_seconds,
        translate_seconds=translate_seconds,
        sessions=plan,
        columns=res["columns"],
        rows=res["rows"],
        message=res["model_status"],
        child_peak_mib=res["peak_mib"],
    )


def _child_main(argv: list[str]) -> None:
    import resource

    npz, out, time_limit, threads, seed, gap = argv
    with np.load(npz) as data:
        arrays = {k: data[k] for k in data.files}
    res = run_highs(arrays, float(time_limit), int(threads), int(seed), float(gap))
    res["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(out).write_text(json.dumps(res))


if __name__ == "__main__":
    _child_main(sys.argv[1:])
