"""The speed benchmark's targets table judges the first target ("up to 16 weeks proven
optimal in at most 10 s") on the solve at the target's own time limit."""

from typing import Any

from benchmarks.speed import targets


def short_row(at_ten: dict[str, Any] | None, full: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "scenario": "08w-5k",
        "weeks": 8,
        "races": 1,
        "time_limit": 30.0,
        "results": {"tuned": full},
    }
    if at_ten is not None:
        row["at_target_limit"] = {**at_ten, "time_limit": 10.0}
    return row


def unproven(objective: float, gap: float, seconds: float) -> dict[str, Any]:
    return {
        "status": "FEASIBLE",
        "objective": objective,
        "gap": gap,
        "solve_s": seconds,
        "time_to_optimal_s": None,
    }


def target_line(row: dict[str, Any]) -> str:
    lines = targets({"rows": [row]})
    (line,) = [x for x in lines if "08w-5k" in x]
    return line


def test_an_unproven_block_reports_its_gap_at_ten_seconds_and_at_the_full_limit() -> None:
    line = target_line(short_row(unproven(833.6, 0.25, 4.8), unproven(992.3, 0.0229, 16.3)))
    assert "limit 10 s: FEASIBLE 833.60, gap 25.00% after 4.80 s" in line
    assert "limit 30 s: FEASIBLE 992.30, gap 2.29% after 16.30 s" in line
    assert line.endswith("| **no** |")


def test_a_block_proven_within_ten_seconds_meets_the_target() -> None:
    proven = {"status": "OPTIMAL", "objective": 1000.0, "gap": 0.0, "solve_s": 6.5}
    line = target_line(short_row({**proven, "time_to_optimal_s": 6.5}, unproven(1000, 0.01, 17)))
    assert "optimal in 6.50 s (limit 10 s)" in line
    assert line.endswith("| yes |")


def test_a_proof_after_ten_seconds_does_not_meet_it() -> None:
    late = {"status": "OPTIMAL", "objective": 1000.0, "gap": 0.0, "solve_s": 14.0}
    line = target_line(short_row(None, {**late, "time_to_optimal_s": 14.0}))
    assert "optimal in 14.00 s (limit 30 s)" in line
    assert line.endswith("| **no** |")


def test_a_solve_the_wall_clock_ended_says_so() -> None:
    clocked = {**unproven(1742.0, 0.0525, 10.06), "stopped_by_wall_clock": True}
    line = target_line(short_row(clocked, unproven(1753.4, 0.0031, 17.2)))
    assert "gap 5.25% after 10.06 s (the wall clock ended it);" in line
    assert "after 17.20 s |" in line
