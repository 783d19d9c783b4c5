"""Reading scenario and constraint-set files (TOML, YAML 1.2, JSON) into validated models.

Every failure becomes an `InputError` naming the file, the field path and what
is allowed, so the command line can print one clear line and exit 2.
"""

from __future__ import annotations

import difflib
import json
import tomllib
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from models.errors import InputError
from models.scenario import ConstraintSet, FieldError, Scenario

MERGED_CONSTRAINT_TABLES = ("taper", "recovery_days")
SUFFIXES = {".toml": "toml", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def read_text(path: Path) -> str:
    if not path.exists():
        raise InputError("file not found", file=str(path))
    if path.is_dir():
        raise InputError("is a directory, not a file", file=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None
    if b"\x00" in data:
        raise InputError("is a binary file, not text", file=str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"is not UTF-8 text (bad byte at offset {exc.start})", file=str(path)
        ) from None
    if not text.strip():
        raise InputError("is empty", file=str(path))
    return text.removeprefix("\ufeff")


def parse_document(path: Path) -> dict[str, Any]:
    """Parse a TOML, YAML 1.2 or JSON file into a plain dict (by file suffix)."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            f"unsupported file type {path.suffix or '(none)'!r}; use .toml, .yaml, .yml or .json",
            file=str(path),
        )
    text = read_text(path)
    try:
        if kind == "toml":
            doc: Any = tomllib.loads(text)
        elif kind == "json":
            doc = json.loads(text, object_pairs_hook=_json_object)
        else:
            doc = _load_yaml(text)
    except InputError as exc:
        raise exc.with_file(str(path)) from None
    except Exception as exc:  # every parser has its own error classes
        raise InputError(f"not valid {kind.upper()}: {_first_line(exc)}", file=str(path)) from None
    if not isinstance(doc, dict):
        raise InputError(
            f"the top level must be a table of keys, not {type(doc).__name__}", file=str(path)
        )
    return doc


MAX_NODES = 100_000  # after expanding YAML aliases: no scenario comes near it


def _load_yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)  # YAML 1.2: `4:30` stays a string and `no` is not false
    # Dates stay text here, so that an impossible one is reported on its field.
    yaml.constructor.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
    )
    return _plain(yaml.load(text), [MAX_NODES])


def _plain(value: Any, budget: list[int]) -> Any:
    """Plain dicts and lists, refusing documents that aliases blow up past MAX_NODES."""
    budget[0] -= 1
    if budget[0] < 0:
        raise InputError(f"the document expands to more than {MAX_NODES} values (YAML aliases?)")
    if isinstance(value, dict):
        return {str(k): _plain(v, budget) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, budget) for v in value]
    return value


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InputError(f"key {key!r} appears twice in one object")
        out[key] = value
    return out


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return " ".join(lines[:3])


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of the scenario format, as `speedblock schema` prints it."""
    body = Scenario.model_json_schema()
    body.pop("title", None)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "speedblock scenario, format version 1",
        **body,
    }


def load_scenario(path: str | Path, constraints: str | Path | None = None) -> Scenario:
    """Read a scenario file, merge an optional constraint-set file over it, validate."""
    path = Path(path)
    raw = parse_document(path)
    if constraints is not None:
        raw = merge_constraints(raw, load_constraints_dict(Path(constraints)))
    return validate_scenario(raw, file=str(path))


def load_constraints_dict(path: Path) -> dict[str, Any]:
    """A constraint-set file as its plain keys, validated."""
    return validate_constraints(parse_document(path), file=str(path))


def validate_constraints(raw: dict[str, Any], *, file: str | None = None) -> dict[str, Any]:
    """`raw` if it is a valid constraint set (the keys of a scenario's `constraints`)."""
    try:
        ConstraintSet.model_validate(raw)
    except ValidationError as exc:
        raise validation_to_input_error(exc, ConstraintSet, file=file) from None
    return raw


def merge_constraints(raw: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Each key of the constraint set replaces the scenario's; taper and recovery_days
    merge key by key, quotas are replaced as a whole."""
    merged = dict(raw)
    base = raw.get("constraints", {})
    if not isinstance(base, dict):
        return dict(raw)  # validation reports the scenario's own error
    cons = dict(base)
    for key, value in overrides.items():
        old = cons.get(key)
        if key in MERGED_CONSTRAINT_TABLES and isinstance(old, dict) and isinstance(value, dict):
            cons[key] = {**old, **value}
        else:
            cons[key] = value
    merged["constraints"] = cons
    return merged


def validate_scenario(raw: dict[str, Any], *, file: str | None = None) -> Scenario:
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        raise validation_to_input_error(exc, Scenario, file=file) from None
    # Catalog errors need the whole scenario (which race distances are needed).
    from models.catalog import resolve_catalog

    try:
        resolve_catalog(scenario)
    except InputError as exc:
        raise exc.with_file(file) if file else exc from None
    return scenario


def validation_to_input_error(
    exc: ValidationError, root: type[BaseModel], *, file: str | None
) -> InputError:
    """Every error of a failed validation as one InputError: unknown keys first (a typo
    there is often why a required key is missing), then the rest in the model's order."""
    details = exc.errors(include_url=False)
    unknown: dict[tuple[Any, ...], list[str]] = {}
    for err in details:
        if err["type"] == "extra_forbidden":
            unknown.setdefault(tuple(err["loc"][:-1]), []).append(str(err["loc"][-1]))
    errors = [_one_error(err, root, file, unknown) for err in details]
    first = [e for e, err in zip(errors, details, strict=True) if err["type"] == "extra_forbidden"]
    rest = [e for e, err in zip(errors, details, strict=True) if err["type"] != "extra_forbidden"]
    shown: dict[tuple[str | None, str], InputError] = {}
    for error in first + rest:
        shown.setdefault((error.field, error.message), error)
    return InputError.of(list(shown.values()))


def _one_error(
    err: Any, root: type[BaseModel], file: str | None, unknown: dict[tuple[Any, ...], list[str]]
) -> InputError:
    loc = tuple(err["loc"])
    ctx_error = (err.get("ctx") or {}).get("error")
    if isinstance(ctx_error, FieldError):
        loc = loc + tuple(_split_path(ctx_error.field))
        return InputError(str(ctx_error), file=file, field=_format_loc(loc))
    field = _format_loc(loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        parent = _model_at(root, loc[:-1])
        key = str(loc[-1])
        allowed = sorted(parent.model_fields) if parent is not None else []
        return InputError(unknown_key_message(key, allowed), file=file, field=field)
    if kind == "missing":
        typo = difflib.get_close_matches(str(loc[-1]), unknown.get(loc[:-1], []), n=1, cutoff=0.6)
        hint = f" (is the unknown key {typo[0]!r} a typo of it?)" if typo else ""
        return InputError(f"is required but missing{hint}", file=file, field=field)
    message = err["msg"]
    if "[key]" in loc:
        field = _format_loc(loc[: loc.index("[key]")])
        message = f"key {err.get('input')!r}: {message.removeprefix('Value error, ')}"
    elif kind == "model_type":
        message = f"expected a table of keys, not {type(err.get('input')).__name__}"
    elif kind not in ("value_error",) and "input" in err and not isinstance(err["input"], dict):
        message = f"{message} (got {_show(err['input'])})"
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    return InputError(message, file=file, field=field or None)


def unknown_key_message(key: str, allowed: Sequence[str]) -> str:
    """`unknown key 'x'; did you mean 'y'? (allowed: ...)`."""
    message = f"unknown key {key!r}"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        message += f"; did you mean {close[0]!r}?"
    if allowed:
        message += f" (allowed: {', '.join(allowed)})"
    return message


def _show(value: Any) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _split_path(path: str) -> list[str | int]:
    out: list[str | int] = []
    for part in path.replace("[", ".[").split("."):
        if not part:
            continue
        if part.startswith("[") and part.endswith("]") and part[1:-1].isdigit():
            out.append(int(part[1:-1]))
        else:
            out.append(part)
    return out


def _format_loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after", "function-before") or str(part).startswith("function-"):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that a validation location points into, or None."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if isinstance(part, str) and part in current.model_fields:
                current = current.model_fields[part].annotation
                continue
            return None
        origin = typing.get_origin(current)
        args = typing.get_args(current)
        if origin is list and isinstance(part, int):
            current = args[0]
        elif origin is dict:
            current = args[1]
        else:
            return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation
