"""speedblock as a Python library: load a scenario, solve it, check and measure the
plan, and run batches of scenarios times constraint sets, as the command line does.

    import speedblock

    scenario = speedblock.load_scenario("scenarios/5k-first-sub20.toml")
    plan = speedblock.solve(scenario, time_limit=10, workers=2, seed=0)
    assert speedblock.check(scenario, plan) == []
    print(speedblock.metrics(plan).weighted_perf)

See docs/api.md for a worked example. Every function raises `InputError` (file,
field, message) for an invalid input, as the command line exits 2.
"""

from models.check import Violation
from models.errors import InputError
from models.plan import Plan
from models.quality.metrics import PlanMetrics
from models.scenario import Scenario
from solver.batch_outcome import BatchOutcome
from speedblock.api import batch, check, load_scenario, metrics, read_plan, solve

__all__ = [
    "BatchOutcome",
    "InputError",
    "Plan",
    "PlanMetrics",
    "Scenario",
    "Violation",
    "batch",
    "check",
    "load_scenario",
    "metrics",
    "read_plan",
    "solve",
]
