"""The evaluation harness's arithmetic (benchmarks/evaluate.py), on synthetic records:
the band statistics (median and worst gap, share proven optimal, wall-clock stops,
checker rejections), the ratios against the plain transcription, infeasible cases left
out, best known objectives and bounds, the targets' verdicts, and merging results by
key. No solver runs here."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.evaluate import (
    MET,
    MET_WHERE_MEASURED,
    NOT_MEASURED,
    NOT_MET,
    band_stats,
    best_known,
    contradictions,
    gap_to_best_bound,
    merge,
    record_key,
    render,
    target_verdicts,
    versus,
)


def rec(
    case: str,
    solver: str = "speedblock",
    *,
    band: str = "short",
    limit: float = 10.0,
    status: str = "FEASIBLE",
    objective: float | None = 1000.0,
    gap: float | None = 0.0,
    bound: float | None = None,
    workers: int = 2,
    seed: int = 0,
    **extra: Any,
) -> dict[str, Any]:
    if status not in ("OPTIMAL", "FEASIBLE"):
        objective = gap = bound = None
    elif bound is None and objective is not None and gap is not None:
        bound = objective * (1 + gap)
    return {
        "case": case,
        "band": band,
        "solver": solver,
        "limit": limit,
        "workers": workers,
        "seed": seed,
        "status": status,
        "objective": objective,
        "bound": bound,
        "gap": gap,
        "stopped_by_wall_clock": False if solver == "speedblock" else None,
        "valid": True if status in ("OPTIMAL", "FEASIBLE") else None,
        **extra,
    }


def verdicts(records: list[dict[str, Any]], workers: int = 2) -> dict[tuple[str, str], Any]:
    return {(v.target, v.band): v for v in target_verdicts(records, workers)}


SHORT_GAP = ("up to 16 weeks: gap <= 0.5% on every case", "short")
SHORT_PROVEN = ("up to 16 weeks: proven optimal on at least half", "short")
MID_GAP = ("17-30 weeks: gap <= 1%", "mid")
LONG_GAP = ("31-52 weeks: gap <= 1.5%", "long")
LONG_CLOCK = ("31-52 weeks: never ended by the wall clock", "long")


def plain_target(band: str) -> tuple[str, str]:
    return ("every case: objective >= the plain transcription's", band)


# ---------------------------------------------------------------------------
# Band statistics
# ---------------------------------------------------------------------------


def test_median_worst_gap_share_proven_wall_clock_and_rejections() -> None:
    records = [
        rec("a", status="OPTIMAL", gap=0.0),
        rec("b", gap=0.00005),  # within the proven-optimal gap
        rec("c", gap=0.004, stopped_by_wall_clock=True),
        rec("d", gap=0.02, valid=False, violations=2),
        rec("e", gap=0.5, limit=30.0),  # another limit: not in the 10 s row
        rec("f", gap=0.5, band="mid"),  # another band
    ]
    s = band_stats(records, "short", 10.0, "speedblock")
    assert (s.cases, s.with_plan, s.no_plan, s.infeasible) == (4, 4, 0, 0)
    assert s.median_gap == pytest.approx((0.00005 + 0.004) / 2)
    assert s.worst_gap == pytest.approx(0.02)
    assert s.proven == 2
    assert s.proven_share == pytest.approx(0.5)
    assert s.wall_clock == 1
    assert s.rejected == 1


def test_infeasible_cases_are_left_out_of_the_gap_statistics() -> None:
    records = [
        rec("a", gap=0.001),
        rec("b", gap=0.003),
        rec("x", status="INFEASIBLE"),
        rec("x", "plain", status="INFEASIBLE"),
        # infeasible as proved at another limit counts too
        rec("y", status="UNKNOWN"),
        rec("y", status="INFEASIBLE", limit=30.0),
    ]
    s = band_stats(records, "short", 10.0, "speedblock")
    assert (s.cases, s.infeasible, s.eligible) == (4, 2, 2)
    assert (s.with_plan, s.no_plan) == (2, 0)
    assert s.median_gap == pytest.approx(0.002)
    assert s.worst_gap == pytest.approx(0.003)
    assert s.proven_share == 0.0
    v = verdicts(records)
    assert v[SHORT_GAP].verdict == MET  # the infeasible ones do not fail it


def test_a_case_without_a_plan_counts_against_the_gap_target() -> None:
    records = [rec("a", gap=0.001), rec("b", status="UNKNOWN")]
    s = band_stats(records, "short", 10.0, "speedblock")
    assert (s.with_plan, s.no_plan, s.worst_gap) == (1, 1, 0.001)
    v = verdicts(records)[SHORT_GAP]
    assert v.verdict == NOT_MET
    assert "1 without a plan" in v.measured


def test_the_plain_solver_does_not_report_wall_clock_stops() -> None:
    s = band_stats([rec("a", "plain", gap=0.1)], "short", 10.0, "plain")
    assert s.wall_clock is None
    assert s.compared == 0  # plain has no reference of its own here


# ---------------------------------------------------------------------------
# Against the plain transcription
# ---------------------------------------------------------------------------


def test_ratios_and_below_counts_against_plain() -> None:
    records = [
        rec("a", objective=1100.0),
        rec("a", "plain", objective=1000.0),  # ratio 1.1
        rec("b", objective=990.0),
        rec("b", "plain", objective=1000.0),  # ratio 0.99, below
        rec("c", objective=1000.0),
        rec("c", "plain", objective=1000.0 * (1 + 1e-9)),  # float noise: not below
        rec("d", objective=500.0),
        rec("d", "plain", status="UNKNOWN"),  # plain found nothing: compared, not below
        rec("e", status="UNKNOWN"),
        rec("e", "plain", objective=800.0),  # no plan against a plan: below
        rec("f", objective=700.0),
        rec("f", "plain", status="UNSUPPORTED"),  # not comparable
    ]
    s = band_stats(records, "short", 10.0, "speedblock")
    assert s.compared == 5
    assert s.below == 2
    assert s.median_ratio == pytest.approx(1.0)
    assert s.worst_ratio == pytest.approx(0.99)
    v = verdicts(records)[plain_target("short")]
    assert v.verdict == NOT_MET
    assert "below plain on 2 of 5 compared" in v.measured


def test_versus_cases() -> None:
    assert versus(rec("a"), None) is None
    assert versus(rec("a"), rec("a", "plain", status="CRASHED")) is None
    half = versus(rec("a", objective=10.0), rec("a", "plain", objective=20.0))
    assert half is not None and half.ratio == 0.5


def test_the_plain_target_is_met_only_where_plain_could_be_compared() -> None:
    both = [rec("a", objective=1001.0), rec("a", "plain", objective=1000.0)]
    assert verdicts(both)[plain_target("short")].verdict == MET
    partly = [*both, rec("b"), rec("b", "plain", status="UNSUPPORTED")]
    v = verdicts(partly)[plain_target("short")]
    assert v.verdict == MET_WHERE_MEASURED
    assert "1 not comparable" in v.measured
    none = [rec("b"), rec("b", "plain", status="UNSUPPORTED")]
    assert verdicts(none)[plain_target("short")].verdict == NOT_MEASURED


# ---------------------------------------------------------------------------
# Best known objective and bound
# ---------------------------------------------------------------------------


def test_best_known_objective_and_bound_across_solvers_and_limits() -> None:
    records = [
        rec("a", objective=900.0, bound=1100.0, gap=None),
        rec("a", limit=30.0, objective=950.0, bound=1000.0, gap=None),
        rec("a", "plain", objective=960.0, bound=1050.0, gap=None),
        rec("a", "plain", limit=30.0, status="UNKNOWN"),
    ]
    best = best_known(records)["a"]
    assert (best.objective, best.bound) == (960.0, 1000.0)
    assert gap_to_best_bound(records[0], best) == pytest.approx(100.0 / 900.0)
    assert gap_to_best_bound(records[3], best) is None


def test_a_plan_above_a_proven_bound_is_a_contradiction() -> None:
    records = [
        rec("a", objective=1000.0, bound=1000.0, gap=0.0),
        rec("a", "plain", objective=1010.0, bound=1020.0, gap=None),
        rec("b", status="INFEASIBLE"),
        rec("b", "plain", objective=5.0),
    ]
    found = contradictions(records)
    assert any(line.startswith("a: a plan of 1010.00") for line in found)
    assert any(line.startswith("b: proved infeasible") for line in found)
    assert contradictions(records[:1]) == []


# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------


def test_short_targets_read_at_ten_seconds() -> None:
    good = [
        rec("a", status="OPTIMAL"),
        rec("b", gap=0.005),
        rec("c", gap=0.02, limit=30.0),  # another limit does not count
    ]
    v = verdicts(good)
    assert v[SHORT_GAP].verdict == MET
    assert v[SHORT_PROVEN].verdict == MET  # 1 of 2: at least half
    worse = [*good, rec("d", gap=0.0051), rec("e", gap=0.001)]
    v = verdicts(worse)
    assert v[SHORT_GAP].verdict == NOT_MET
    assert v[SHORT_PROVEN].verdict == NOT_MET  # 1 of 4
    assert v[SHORT_PROVEN].measured == "1 of 4 proven optimal"


def test_mid_and_long_targets() -> None:
    records = [
        rec("m", band="mid", limit=30.0, gap=0.0099),
        rec("l", band="long", limit=60.0, gap=0.014),
    ]
    v = verdicts(records)
    assert v[MID_GAP].verdict == MET
    assert v[LONG_GAP].verdict == MET
    assert v[LONG_CLOCK].verdict == MET
    records += [
        rec("m2", band="mid", limit=30.0, gap=0.0101),
        rec("l2", band="long", limit=60.0, gap=0.001, stopped_by_wall_clock=True),
    ]
    v = verdicts(records)
    assert v[MID_GAP].verdict == NOT_MET
    assert v[LONG_GAP].verdict == MET
    assert v[LONG_CLOCK].verdict == NOT_MET
    assert v[LONG_CLOCK].measured == "1 of 2 ended by the wall clock"


def test_targets_need_their_own_limit_and_two_workers() -> None:
    records = [rec("a", limit=5.0)]
    assert verdicts(records)[SHORT_GAP].verdict == NOT_MEASURED
    assert verdicts(records)[SHORT_GAP].measured == "no solve at 10 s"
    one_worker = [rec("a", workers=1)]
    v = verdicts(one_worker, workers=1)
    assert {x.verdict for x in v.values()} == {NOT_MEASURED}


# ---------------------------------------------------------------------------
# Results file and report
# ---------------------------------------------------------------------------


def test_merge_replaces_the_same_key_and_keeps_the_others() -> None:
    old = [rec("a", objective=1.0), rec("a", seed=1), rec("b", limit=30.0)]
    new = rec("a", objective=2.0)
    merged = merge(old, new)
    assert len(merged) == 3
    assert [r["objective"] for r in merged if record_key(r) == record_key(new)] == [2.0]
    assert len(merge(merged, rec("a", "plain"))) == 4
    assert merged == sorted(merged, key=record_key)


def test_the_report_renders_every_section_for_one_setting() -> None:
    records = [
        rec("a", objective=1000.0, gap=0.001, weeks=8, races=1, rule_set="coach"),
        rec("a", "plain", objective=1001.0, gap=0.2),
        rec("z", band="long", limit=60.0, status="INFEASIBLE"),
        rec("a", seed=5, gap=0.9),  # another seed: not in this report
    ]
    doc = {"split": "eval", "runs": [], "results": records}
    text = render(doc, workers=2, seed=0)
    for part in ("## speedblock, per band and limit", "## plain, per band and limit"):
        assert part in text
    assert "## Targets" in text and "## Every solve" in text
    assert "Proved infeasible (left out of the statistics): z" in text
    assert "| a | short | 8 | 1 | coach | 10 | speedblock | FEASIBLE | 1000.00 |" in text
    assert "90.00%" not in text  # the other seed's gap
    assert NOT_MET in text  # below plain on case a
    assert render({"split": "eval", "results": []}, 2, 0).endswith(
        "No results for these settings.\n"
    )
