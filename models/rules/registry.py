"""The rule registry: every hard rule of the scenario format, declared once.

A rule has:
- `key`: what a violation, a conflict and a binding report name it by (a key of the
  scenario's `constraints` table, or `races`, `availability`, `blocked`,
  `max_sessions_per_week`, `pins`);
- `family`: the module that holds it, the same name in `models/check/` (its
  checker function, `check`) and in `solver/constraints/` (its model);
- `switch`: the `constraints` key that turns it off, if any;
- `params`: the `constraints` keys it reads (their defaults are the scenario
  format's, `Rule.defaults`);
- `in_force`: whether a check applies it; `acts`: whether it has anything to act on
  in the block (a binding analysis tries only those);
- `row`: its line in the report's table of rules.

Everything that lists rules derives from `RULES`: the checker's order, the keys
the solver's families report, the switches and the rules a binding analysis
tries, the number of rules `speedblock check` counts, the report's table and the
tests' all-off switches. Adding a rule is one entry here, one checker module and
one constraint module; tests/test_rule_registry.py fails when one is missing.

It never imports the solver, and imports the checker only when a rule is run.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from models.calendar import BlockCalendar
from models.labels import WEEKDAY_LABELS, day_month
from models.scenario import WEEKDAYS, ConstraintSet, Scenario

if TYPE_CHECKING:
    from models.check.base import CheckContext, Violation

InForce = Callable[[ConstraintSet, Scenario], bool]

# The plan reading's keys (models/check/reading.py): not rules of a family.
DAYS = "days"
CATALOG = "catalog"
READING_KEYS = (DAYS, CATALOG)


def always(*_: Any) -> bool:
    return True


Setting = Callable[[ConstraintSet, Scenario], str]


@dataclass(frozen=True)
class Row:
    """A rule's line in the report: its title, the key shown, its setting in words (a
    function, or a format string of `c`, the constraints, and `s`, the scenario) and
    where it stands in the table; `in_force` overrides the rule's own."""

    title: str
    shown_key: str
    setting: Setting | str
    order: int
    in_force: InForce | None = None

    def text(self, c: ConstraintSet, s: Scenario) -> str:
        return (
            self.setting.format(c=c, s=s) if isinstance(self.setting, str) else self.setting(c, s)
        )


@dataclass(frozen=True)
class Rule:
    key: str
    family: str
    check: str
    switch: str | None = None
    params: tuple[str, ...] = ()
    # Whether a check applies the rule; by default its switch's value (always without one).
    when: InForce | None = None
    acts: Callable[[Scenario, BlockCalendar], bool] = always
    row: Row | None = None

    def in_force(self, c: ConstraintSet, s: Scenario) -> bool:
        if self.when is not None:
            return self.when(c, s)
        return self.switch is None or bool(getattr(c, self.switch))

    @property
    def checker(self) -> Callable[[CheckContext], list[Violation]]:
        """The checker function, `check` in models/check/<family>.py."""
        module = importlib.import_module(f"models.check.{self.family}")
        function: Callable[[CheckContext], list[Violation]] = getattr(module, self.check)
        return function

    @property
    def defaults(self) -> dict[str, Any]:
        """Each parameter's default, as the scenario format sets it."""
        fields = ConstraintSet.model_fields
        return {p: fields[p].get_default(call_default_factory=True) for p in self.params}


def _taper_setting(c: ConstraintSet, _: Scenario) -> str:
    text = ", ".join(
        f"{p} {t.days} d −{t.cut_pct}%" if t.days else f"{p} none" for p, t in c.taper.items()
    )
    return text + "; keep intensity" if c.taper_keep_intensity else text


def _quota_setting(c: ConstraintSet, _: Scenario) -> str:
    quotas = ", ".join(
        f"{q.type.replace('_', ' ')} {q.min}–{'∞' if q.max is None else q.max}" for q in c.quotas
    )
    return f"per week: {quotas}" if quotas else "none"


def _availability_setting(_: ConstraintSet, s: Scenario) -> str:
    minutes = s.athlete.availability
    days = ", ".join(f"{WEEKDAY_LABELS[i]} {minutes[d]}" for i, d in enumerate(WEEKDAYS))
    return f"minutes: {days}"


def _deload_setting(c: ConstraintSet, _: Scenario) -> str:
    if c.deload_every == 0:
        return "none"
    return (
        f"weeks {c.deload_every}, {2 * c.deload_every}, … at most −{c.deload_pct}% of the reference"
    )


def _at_most(name: str, unit: str = "", spec: str = "") -> Setting:
    """ "at most <value><unit>", or "none" for a value that is none."""

    def setting(c: ConstraintSet, _: Scenario) -> str:
        value = getattr(c, name)
        return "none" if value is None else f"at most {format(value, spec)}{unit}"

    return setting


def _build_windows(cal: BlockCalendar, size: int) -> list[Any]:
    from models.shape import build_windows

    return build_windows(cal, size)


def _full_windows(cal: BlockCalendar, size: int) -> list[Any]:
    from models.shape import full_windows

    return full_windows(cal, size)


def _a_race_stretches(cal: BlockCalendar) -> list[Any]:
    from models.shape import a_race_stretches

    return a_race_stretches(cal)


def _taper_shape_on(c: ConstraintSet, _: Scenario) -> bool:
    return c.taper_shape_on


# The rules, one entry each (a table: kept compact, not reflowed by the formatter).
# fmt: off
FATIGUE = Rule(
    "fatigue_cut_pct", "fatigue", "check_load_caps",
    params=("fatigue_enabled", "fatigue_cut_pct"),  # read by the re-plan that sets the caps
    when=lambda _, s: bool(s.history and s.history.load_caps),
)
RACES = Rule("races", "races", "check_races")
BLOCKED = Rule(
    "blocked", "availability", "check_blocked",
    row=Row(
        "Blocked days", "athlete.blocked",
        lambda _, s: ", ".join(day_month(d) for d in s.athlete.blocked) or "none", 16,
        in_force=lambda _, s: bool(s.athlete.blocked),
    ),
)
PINS = Rule("pins", "pins", "check_pins", when=lambda _, s: bool(s.pins))
AVAILABILITY = Rule(
    "availability", "availability", "check_availability",
    row=Row("Availability", "athlete.availability", _availability_setting, 15),
)
MAX_SESSIONS = Rule(
    "max_sessions_per_week", "sessions_per_week", "check_max_sessions_per_week",
    row=Row(
        "Sessions a week", "athlete.max_sessions_per_week",
        "at most {s.athlete.max_sessions_per_week}, races not counted", 14,
    ),
)
HARD_SPACING = Rule(
    "hard_spacing_days", "spacing", "check_hard_spacing", "hard_spacing_enabled",
    ("hard_spacing_days", "long_run_is_hard_for_spacing"),
    acts=lambda s, _: s.constraints.hard_spacing_days > 0,
    row=Row(
        "Hard-day spacing", "hard_spacing_days",
        "at least {c.hard_spacing_days} non-hard day(s) between hard days", 1,
    ),
)
MAX_HARD = Rule(
    "max_hard_per_week", "spacing", "check_max_hard_per_week", "max_hard_per_week_enabled",
    ("max_hard_per_week",),
    row=Row(
        "Hard days a week", "max_hard_per_week", "at most {c.max_hard_per_week}, races included", 2
    ),
)
WEEKLY_LOAD_MAX = Rule(
    "weekly_load_max", "load", "check_weekly_load_max", "weekly_load_max_enabled",
    ("weekly_load_max",),
    when=lambda c, _: c.weekly_load_max_on,
    row=Row("Weekly load ceiling", "weekly_load_max", _at_most("weekly_load_max"), 3),
)
RAMP = Rule(
    "ramp_pct", "load", "check_ramp", "ramp_enabled", ("ramp_pct", "ramp_reference_weeks"),
    acts=lambda _, cal: any(w.full for w in cal.weeks),
    row=Row(
        "Load ramp", "ramp_pct",
        "a full week at most +{c.ramp_pct}% over the highest of the previous "
        "{c.ramp_reference_weeks} week(s)", 4,
    ),
)
DELOAD = Rule(
    "deload_pct", "load", "check_deload", "deload_enabled", ("deload_every", "deload_pct"),
    when=lambda c, _: c.deload_on,
    row=Row("Deload weeks", "deload_every", _deload_setting, 5),
)
LONG_RUN_SPIKE = Rule(
    "long_run_spike_pct", "long_run", "check_long_run_spike", "long_run_spike_enabled",
    ("long_run_spike_pct",),
    row=Row(
        "Long-run spike", "long_run_spike_pct",
        "at most +{c.long_run_spike_pct}% over the longest run of the previous 30 days", 6,
    ),
)
TAPER = Rule(
    "taper", "taper", "check_taper", "taper_enabled", ("taper",),
    acts=lambda _, cal: bool(cal.taper_windows),
    row=Row("Race taper", "taper", _taper_setting, 7),
)
TAPER_INTENSITY = Rule(
    "taper_keep_intensity", "taper", "check_taper_keep_intensity", "taper_enabled",
    ("taper_keep_intensity",), when=lambda c, _: c.keep_intensity_on,
)
TAPER_SESSIONS = Rule(
    "taper_min_sessions_drop", "taper_shape", "check_taper_min_sessions", "taper_shape_enabled",
    ("taper_min_sessions_drop",), when=_taper_shape_on,
)
# The fall has no number of its own: its key is the switch.
TAPER_FALL = Rule(
    "taper_shape_enabled", "taper_shape", "check_taper_fall", "taper_shape_enabled",
    when=_taper_shape_on,
    acts=lambda s, cal: s.constraints.taper_shape_on and any(w.weeks for w in cal.taper_windows),
)
TAPER_FLOOR = Rule(
    "taper_floor_pct", "taper_shape", "check_taper_floor", "taper_shape_enabled",
    ("taper_floor_pct",), when=lambda c, _: c.taper_shape_on and c.taper_floor_pct > 0,
)
RECOVERY = Rule(
    "recovery_days", "recovery", "check_recovery_days", "recovery_days_enabled",
    ("recovery_days",),
    acts=lambda _, cal: bool(cal.recovery_days),
    row=Row(
        "Recovery after races", "recovery_days",
        lambda c, _: ", ".join(f"{p} {n} d" for p, n in c.recovery_days.items())
        + " without hard sessions", 8,
    ),
)
QUOTAS = Rule(
    "quotas", "quotas", "check_quotas", "quotas_enabled", ("quotas",),
    when=lambda c, _: c.quotas_enabled and bool(c.quotas),
    acts=lambda s, _: bool(s.constraints.quotas),
    row=Row("Session quotas", "quotas", _quota_setting, 9),
)
MIN_EASY = Rule(
    "min_easy_pct", "easy", "check_min_easy", "min_easy_enabled", ("min_easy_pct",),
    row=Row(
        "Easy share", "min_easy_pct", "at least {c.min_easy_pct}% of a week's minutes non-hard", 10
    ),
)
PROGRESSION = Rule(
    "progression_enabled", "progression", "check_progression", "progression_enabled",
    row=Row("Progression", "progression_enabled", "at most one ladder rung up a week", 11),
)
ACWR = Rule(
    "acwr_max_pct", "acwr", "check_acwr_max", "acwr_max_enabled", ("acwr_max_pct",),
    when=lambda c, _: c.acwr_on,
    row=Row("Acute:chronic ratio", "acwr_max_pct", _at_most("acwr_max_pct", "%"), 12),
)
MONOTONY = Rule(
    "max_monotony", "monotony", "check_max_monotony", "max_monotony_enabled", ("max_monotony",),
    when=lambda c, _: c.monotony_on,
    row=Row("Monotony", "max_monotony", _at_most("max_monotony", spec="g"), 13),
)
# Block shape (docs/rules.md; the calendar facts in models/shape.py).
WAVE = Rule(
    "plateau_max_weeks", "wave", "check_wave_loading", "wave_loading_enabled",
    ("plateau_max_weeks", "plateau_pct"), when=lambda c, _: c.wave_on,
    acts=lambda s, cal: bool(_full_windows(cal, s.constraints.plateau_max_weeks + 1)),
    row=Row(
        "Wave loading", "plateau_max_weeks",
        "at most {c.plateau_max_weeks} full weeks in a row within {c.plateau_pct}% of the "
        "ceiling", 17,
    ),
)
LONG_RUN_STEP_BACK = Rule(
    "long_run_step_back_every", "long_run_build", "check_long_run_step_back",
    "long_run_build_enabled", ("long_run_step_back_every",), when=lambda c, _: c.step_back_on,
    acts=lambda s, cal: bool(_build_windows(cal, s.constraints.long_run_step_back_every + 1)),
    row=Row(
        "Long-run step-backs", "long_run_step_back_every",
        "a shorter longest run at least every {c.long_run_step_back_every} build weeks", 18,
    ),
)
LONG_RUN_REPEAT = Rule(
    "long_run_repeat_max_weeks", "long_run_build", "check_long_run_repeat",
    "long_run_build_enabled", ("long_run_repeat_max_weeks",), when=lambda c, _: c.repeat_on,
    acts=lambda s, cal: bool(_full_windows(cal, s.constraints.long_run_repeat_max_weeks + 1)),
    row=Row(
        "Long-run variety", "long_run_repeat_max_weeks",
        "the same longest run at most {c.long_run_repeat_max_weeks} full weeks in a row", 19,
    ),
)
LONG_RUN_PEAK = Rule(
    "long_run_peak_window", "long_run_build", "check_long_run_peak", "long_run_build_enabled",
    ("long_run_peak_window",), when=lambda c, _: c.peak_window_on,
    acts=lambda _, cal: any(r.peak_window is not None for r in _a_race_stretches(cal)),
    row=Row(
        "Peak long run", "long_run_peak_window",
        "the longest run in the weeks the A race's distance asks for", 20,
    ),
)
LONG_RUN_FINAL = Rule(
    "long_run_final_cap", "long_run_build", "check_long_run_final_cap",
    "long_run_build_enabled", ("long_run_final_cap",), when=lambda c, _: c.final_cap_on,
    acts=lambda _, cal: bool(_a_race_stretches(cal)),
    row=Row(
        "Last long runs", "long_run_final_cap",
        "no run over the distance's cap in the last days before an A race", 21,
    ),
)
SHARPENING = Rule(
    "sharpening_max_quality", "sharpening", "check_sharpening", "sharpening_enabled",
    ("sharpening_days", "sharpening_max_quality"),
    acts=lambda _, cal: bool(_a_race_stretches(cal)),
    row=Row(
        "Sharpening", "sharpening_max_quality",
        "at most {c.sharpening_max_quality} quality session(s) besides race pace in the "
        "last {c.sharpening_days} days before an A race", 22,
    ),
)

# fmt: on

# In the order the checker runs them, which is the order of its violations.
RULES: tuple[Rule, ...] = (
    FATIGUE,
    RACES,
    BLOCKED,
    PINS,
    AVAILABILITY,
    MAX_SESSIONS,
    HARD_SPACING,
    MAX_HARD,
    WEEKLY_LOAD_MAX,
    RAMP,
    DELOAD,
    LONG_RUN_SPIKE,
    TAPER,
    TAPER_INTENSITY,
    TAPER_SESSIONS,
    TAPER_FALL,
    TAPER_FLOOR,
    RECOVERY,
    QUOTAS,
    MIN_EASY,
    PROGRESSION,
    ACWR,
    MONOTONY,
    WAVE,
    LONG_RUN_STEP_BACK,
    LONG_RUN_REPEAT,
    LONG_RUN_PEAK,
    LONG_RUN_FINAL,
    SHARPENING,
)


# ---------------------------------------------------------------------------
# What derives from the registry
# ---------------------------------------------------------------------------


def switches() -> tuple[str, ...]:
    """Every rule switch once, in the order of the `constraints` table."""
    order = list(ConstraintSet.model_fields)
    found = {r.switch for r in RULES if r.switch is not None}
    return tuple(sorted(found, key=lambda s: order.index(s) if s in order else len(order)))


def switched_rule(switch: str) -> Rule:
    """The rule a switch names: the one keyed by it, else the first it turns off."""
    rules = [r for r in RULES if r.switch == switch]
    return next((r for r in rules if r.key == switch), rules[0])


def switched_rules() -> tuple[tuple[str, str], ...]:
    """(switch, key) of every switch, the key a binding analysis reports it by."""
    return tuple((switch, switched_rule(switch).key) for switch in switches())


def switches_on_by_default() -> tuple[str, ...]:
    """The switches whose rules are on by default: not those whose value defaults to
    none (a rule whose value is none is off whatever its switch says)."""
    return tuple(
        switch
        for switch in switches()
        if any(None not in r.defaults.values() for r in RULES if r.switch == switch)
    )


def rules_in_force(scenario: Scenario) -> list[Rule]:
    return [r for r in RULES if r.in_force(scenario.constraints, scenario)]


def count_in_force(scenario: Scenario) -> int:
    """How many rules a check applies: the plan reading's and each rule in force."""
    return len(READING_KEYS) + len(rules_in_force(scenario))


def report_rows(rules: ConstraintSet, scenario: Scenario) -> list[tuple[str, str, str, bool]]:
    """(title, key, setting, in force) of every rule with a line in the report."""
    rows = sorted(((r.row, r) for r in RULES if r.row is not None), key=lambda pair: pair[0].order)
    return [
        (
            row.title,
            row.shown_key,
            row.text(rules, scenario),
            (row.in_force or rule.in_force)(rules, scenario),
        )
        for row, rule in rows
    ]
