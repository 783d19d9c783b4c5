"""The benchmark set's two splits, fixed once: `TUNING` and `EVALUATION`.

The rule: **no constant of the solver is ever chosen on the evaluation split; tuning is
done on `TUNING` only.** A solver change is tried, measured and adjusted on the tuning
cases; the evaluation cases are solved only to report how the change does on blocks it
was not shaped for (`benchmarks/evaluate.py --split eval`). A constant picked because
it helps an evaluation case turns that case into a tuning case, and the report into a
measure of the tuning rather than of the solver.

- `TUNING`: the six hand-written blocks of benchmarks/scenarios/ (the solver was tuned
  on them, so they can only be tuning cases) and eight generated cases per band.
- `EVALUATION`: eight generated cases per band, from seeds disjoint from tuning's.

Generated cases come from `benchmarks/generator.py` and are committed as TOML files in
benchmarks/cases/tune/ and benchmarks/cases/eval/, so that every solver version is
measured on the same bytes; `python benchmarks/generator.py --check` (and
tests/test_generator.py) fails when a file and the generator disagree. Each band's
seeds are consecutive: the generator takes the rule set from `seed % 5` and the block's
length stratum from `seed % 8`, so eight consecutive seeds cover every stratum and every
rule set. The seeds below are fixed; they were not chosen by how any solver does on
them. Adding cases means new seeds, never replacing a case that did badly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from benchmarks.generator import BANDS, rule_set_of

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "benchmarks" / "cases"
SCENARIO_DIR = ROOT / "benchmarks" / "scenarios"
SPLIT_DIRS = {"tune": CASES_DIR / "tune", "eval": CASES_DIR / "eval"}
CASES_PER_BAND = 8

# The first of each band's CASES_PER_BAND consecutive seeds. The offsets differ between
# bands so that the three rule sets a band holds twice differ from band to band.
TUNING_FIRST_SEED = {"short": 1000, "mid": 2003, "long": 3001}
EVALUATION_FIRST_SEED = {"short": 5004, "mid": 6002, "long": 7000}

# The hand-written blocks (file stem, band). Their rules are the examples' own
# (monotony 2.0, a weekly load ceiling, quotas), the `coach` family's.
BENCHMARK_BLOCKS = (
    ("08w-5k", "short"),
    ("12w-10k", "short"),
    ("16w-half", "short"),
    ("24w-marathon", "mid"),
    ("40w-season", "long"),
    ("52w-season", "long"),
)


@dataclass(frozen=True)
class Case:
    name: str  # e.g. eval-short-03, or bench-08w-5k for a hand-written block
    split: str  # "tune" or "eval"
    band: str  # "short", "mid" or "long"
    seed: int | None  # None: a hand-written block
    rule_set: str
    path: Path

    @property
    def generated(self) -> bool:
        return self.seed is not None


def generated_split(split: str, first_seeds: dict[str, int]) -> tuple[Case, ...]:
    cases = []
    for band in BANDS:
        for i in range(CASES_PER_BAND):
            seed = first_seeds[band] + i
            name = f"{split}-{band}-{i:02d}"
            path = SPLIT_DIRS[split] / f"{name}.toml"
            cases.append(Case(name, split, band, seed, rule_set_of(seed), path))
    return tuple(cases)


BENCHMARK_CASES = tuple(
    Case(f"bench-{stem}", "tune", band, None, "coach", SCENARIO_DIR / f"{stem}.toml")
    for stem, band in BENCHMARK_BLOCKS
)
TUNING: tuple[Case, ...] = BENCHMARK_CASES + generated_split("tune", TUNING_FIRST_SEED)
EVALUATION: tuple[Case, ...] = generated_split("eval", EVALUATION_FIRST_SEED)
SPLITS = {"tune": TUNING, "eval": EVALUATION}


def generated_cases() -> tuple[Case, ...]:
    return tuple(c for c in TUNING + EVALUATION if c.generated)


def by_name(names: list[str] | None = None, split: str | None = None) -> tuple[Case, ...]:
    """The cases of a split (both when None), or only those named, in the split's order."""
    pool = SPLITS[split] if split else TUNING + EVALUATION
    if not names:
        return pool
    known = {c.name: c for c in pool}
    missing = [n for n in names if n not in known]
    if missing:
        raise KeyError(f"unknown case(s): {', '.join(missing)}")
    wanted = set(names)
    return tuple(c for c in pool if c.name in wanted)
