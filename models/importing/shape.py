"""The book plan's envelope for the block-shape rules (docs/rules.md): the tightest wave,
step-back and sharpening values the book keeps, and the peak-window and last-days rules
on only when the book keeps them. `long_run_is_hard_for_spacing` keeps its default
(off): the book's spacing is derived on its hard sessions, as the format counts them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.check import (
    check_long_run_final_cap,
    check_long_run_peak,
    check_long_run_repeat,
    check_long_run_step_back,
    check_sharpening,
    check_wave_loading,
)
from models.importing.probe import Probe, Rule, smallest
from models.scenario_fields import MAX_BLOCK_DAYS

if TYPE_CHECKING:
    from models.importing.envelope import Envelope

MAX_WEEKS = 53


def derive_shape(probe: Probe, env: Envelope) -> None:
    def record(key: str, value: object, how: str) -> None:
        env.set(key, value, how)
        probe.current[key] = value

    pct = probe.scenario_with().constraints.plateau_pct
    # (key, its checker, its rule's switch, how the value was derived): the smallest
    # number of weeks the book keeps; no block holds 54 weeks in a row, so one is found.
    weekly = (
        (
            "plateau_max_weeks",
            check_wave_loading,
            "wave_loading_enabled",
            f"the most full weeks in a row the book holds within {pct}% of its ceiling",
        ),
        (
            "long_run_step_back_every",
            check_long_run_step_back,
            "long_run_build_enabled",
            "the most build weeks the book's longest run goes without stepping back",
        ),
        (
            "long_run_repeat_max_weeks",
            check_long_run_repeat,
            "long_run_build_enabled",
            "the most full weeks in a row the book keeps the same longest run",
        ),
    )
    for key, rule, switch, how in weekly:

        def keeps(v: int, rule: Rule = rule, switch: str = switch, key: str = key) -> bool:
            return probe.passes(rule, **{switch: True, key: v})

        value = smallest(keeps, 1, MAX_WEEKS)
        assert value is not None
        record(key, value, how)
    peak = probe.passes(check_long_run_peak, long_run_peak_window=True)
    record(
        "long_run_peak_window",
        peak,
        "the book's longest run comes in the window before its A race"
        if peak
        else "the book's longest run comes outside the window before its A race",
    )
    final = probe.passes(check_long_run_final_cap, long_run_final_cap=True)
    record(
        "long_run_final_cap",
        final,
        "the book keeps its last days before the A race free of long runs"
        if final
        else "the book runs long in its last days before the A race",
    )
    quality = smallest(
        lambda v: probe.passes(check_sharpening, sharpening_max_quality=v), 0, MAX_BLOCK_DAYS
    )
    assert quality is not None
    days = probe.scenario_with().constraints.sharpening_days
    record(
        "sharpening_max_quality",
        quality,
        f"the most quality sessions but race pace in the book's last {days} days before an A race",
    )
