"""The scenario's `constraints` table (models/scenario.py): every hard rule's values and
switches, and the effective switches that also turn off a rule whose value is none."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StrictBool, StrictInt, field_validator, model_validator

from models.scenario_fields import (
    MAX_BLOCK_DAYS,
    MAX_LOAD,
    PRIORITIES,
    FieldError,
    Frozen,
    Pct,
    Pct100,
    Priority,
    SessionType,
    reject_bool,
)


class Taper(Frozen):
    days: Annotated[StrictInt, Field(ge=0, le=MAX_BLOCK_DAYS)]
    cut_pct: Pct100


DEFAULT_TAPER: dict[str, Taper] = {
    "A": Taper(days=14, cut_pct=40),
    "B": Taper(days=5, cut_pct=20),
    "C": Taper(days=0, cut_pct=0),
}
DEFAULT_RECOVERY_DAYS: dict[str, int] = {"A": 7, "B": 3, "C": 1}


class Quota(Frozen):
    type: SessionType
    min: Annotated[StrictInt, Field(ge=0, le=7)] = 0
    max: Annotated[StrictInt, Field(ge=0, le=7)] | None = None

    @model_validator(mode="after")
    def _min_le_max(self) -> Quota:
        if self.max is not None and self.min > self.max:
            raise FieldError("min", f"min ({self.min}) is greater than max ({self.max})")
        return self


class ConstraintSet(Frozen):
    hard_spacing_days: Annotated[StrictInt, Field(ge=0, le=30)] = 1
    max_hard_per_week: Annotated[StrictInt, Field(ge=0, le=7)] = 3
    weekly_load_max: Annotated[StrictInt, Field(ge=0, le=7 * MAX_LOAD)] | None = None
    ramp_pct: Pct = 10
    ramp_reference_weeks: Annotated[StrictInt, Field(ge=1, le=53)] = 4
    deload_every: Annotated[StrictInt, Field(ge=0, le=53)] = 4
    deload_pct: Pct100 = 20
    long_run_spike_pct: Pct = 10
    taper: dict[Priority, Taper] = Field(default_factory=dict, validate_default=True)
    taper_keep_intensity: StrictBool = True
    recovery_days: dict[Priority, Annotated[StrictInt, Field(ge=0, le=MAX_BLOCK_DAYS)]] = Field(
        default_factory=dict, validate_default=True
    )
    quotas: list[Quota] = Field(default_factory=list)
    min_easy_pct: Pct100 = 60
    acwr_max_pct: Pct | None = None
    max_monotony: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] | None = None
    # Taper shape (docs/rules.md): frequency kept, load falling week by week, and a floor.
    taper_min_sessions_drop: Annotated[StrictInt, Field(ge=0, le=7)] = 1
    taper_floor_pct: Pct100 = 40
    # Re-planning (models/history/replan.py): a lower load ceiling after signs of fatigue.
    fatigue_cut_pct: Pct100 = 10
    # Block shape (docs/rules.md): waves instead of a plateau, a long-run build with
    # step-backs and a peak before the A race, and a light, sharp last stretch.
    plateau_max_weeks: Annotated[StrictInt, Field(ge=1, le=53)] = 3
    plateau_pct: Pct100 = 5
    long_run_step_back_every: Annotated[StrictInt, Field(ge=0, le=53)] = 4
    long_run_repeat_max_weeks: Annotated[StrictInt, Field(ge=0, le=53)] = 2
    long_run_peak_window: StrictBool = False
    long_run_final_cap: StrictBool = True
    long_run_is_hard_for_spacing: StrictBool = False
    sharpening_days: Annotated[StrictInt, Field(ge=1, le=MAX_BLOCK_DAYS)] = 10
    sharpening_max_quality: Annotated[StrictInt, Field(ge=0, le=MAX_BLOCK_DAYS)] = 1

    hard_spacing_enabled: StrictBool = True
    max_hard_per_week_enabled: StrictBool = True
    weekly_load_max_enabled: StrictBool = True
    ramp_enabled: StrictBool = True
    deload_enabled: StrictBool = True
    long_run_spike_enabled: StrictBool = True
    taper_enabled: StrictBool = True
    recovery_days_enabled: StrictBool = True
    quotas_enabled: StrictBool = True
    min_easy_enabled: StrictBool = True
    progression_enabled: StrictBool = True
    wave_loading_enabled: StrictBool = True
    long_run_build_enabled: StrictBool = True
    sharpening_enabled: StrictBool = True
    acwr_max_enabled: StrictBool = True
    max_monotony_enabled: StrictBool = True
    taper_shape_enabled: StrictBool = True
    fatigue_enabled: StrictBool = True

    _bool_guard = field_validator("max_monotony", mode="before")(reject_bool)

    @field_validator("taper", mode="after")
    @classmethod
    def _merge_taper(cls, v: dict[str, Taper]) -> dict[str, Taper]:
        return {p: v.get(p, DEFAULT_TAPER[p]) for p in PRIORITIES}

    @field_validator("recovery_days", mode="after")
    @classmethod
    def _merge_recovery(cls, v: dict[str, int]) -> dict[str, int]:
        return {p: v.get(p, DEFAULT_RECOVERY_DAYS[p]) for p in PRIORITIES}

    # Effective switches: a rule whose value is "none" is off whatever its key says.
    @property
    def weekly_load_max_on(self) -> bool:
        return self.weekly_load_max_enabled and self.weekly_load_max is not None

    @property
    def acwr_on(self) -> bool:
        return self.acwr_max_enabled and self.acwr_max_pct is not None

    @property
    def monotony_on(self) -> bool:
        return self.max_monotony_enabled and self.max_monotony is not None

    @property
    def deload_on(self) -> bool:
        return self.deload_enabled and self.deload_every > 0

    @property
    def keep_intensity_on(self) -> bool:
        return self.taper_enabled and self.taper_keep_intensity

    @property
    def taper_shape_on(self) -> bool:
        """`taper_enabled = false` switches the taper shape off too, as it does
        `taper_keep_intensity`."""
        return self.taper_enabled and self.taper_shape_enabled

    @property
    def wave_on(self) -> bool:
        return self.wave_loading_enabled and self.plateau_pct > 0

    @property
    def step_back_on(self) -> bool:
        return self.long_run_build_enabled and self.long_run_step_back_every > 0

    @property
    def repeat_on(self) -> bool:
        return self.long_run_build_enabled and self.long_run_repeat_max_weeks > 0

    @property
    def peak_window_on(self) -> bool:
        return self.long_run_build_enabled and self.long_run_peak_window

    @property
    def final_cap_on(self) -> bool:
        return self.long_run_build_enabled and self.long_run_final_cap

    def as_effective_dict(self) -> dict[str, Any]:
        """Every key with its value, as the plan's `constraints` reports it."""
        return self.model_dump(mode="json")
