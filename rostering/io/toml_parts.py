"""scenario.toml sections → problem objects, each error naming its dotted key."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from rostering.errors import InputError
from rostering.problem import HoursBand, PayPolicy, Period, RuleSet, Shift, Weights
from rostering.timeutil import parse_hhmm

TOML = "scenario.toml"

RULE_KEYS = set(RuleSet.model_fields)


def err(key: str, value: Any, expected: str) -> InputError:
    """An :class:`InputError` for a scenario.toml key."""
    return InputError(TOML, expected, column=key, value=value)


def table(data: dict[str, Any], key: str, *, required: bool = False) -> dict[str, Any]:
    """A sub-table, checked to be a table."""
    val = data.get(key)
    if val is None:
        if required:
            raise err(key, None, f"a [{key}] table")
        return {}
    if not isinstance(val, dict):
        raise err(key, val, f"a [{key}] table")
    return val


def reject_unknown(tbl: dict[str, Any], allowed: set[str], prefix: str) -> None:
    """Unknown keys are typos far more often than features: say so."""
    for k in tbl:
        if k not in allowed:
            raise err(f"{prefix}.{k}", tbl[k], f"one of the keys {', '.join(sorted(allowed))}")


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def parse_period(data: dict[str, Any]) -> Period:
    """The [scenario] table."""
    sc = table(data, "scenario", required=True)
    reject_unknown(sc, {"name", "start", "end", "calendar", "slot_minutes"}, "scenario")
    for key in ("start", "end"):
        v = sc.get(key)
        if not isinstance(v, dt.date) or isinstance(v, dt.datetime):
            raise err(f"scenario.{key}", v, "a TOML date such as 2026-10-01")
    cal = sc.get("calendar", "CN")
    if cal not in ("CN", "none"):
        raise err("scenario.calendar", cal, '"CN" or "none"')
    slot = sc.get("slot_minutes", 30)
    if slot not in (15, 30, 60) or isinstance(slot, bool):
        raise err("scenario.slot_minutes", slot, "15, 30 or 60")
    if sc["end"] < sc["start"]:
        raise err("scenario.end", sc["end"], f"a date on or after start {sc['start']}")
    if (sc["end"] - sc["start"]).days > 366:
        raise err("scenario.end", sc["end"], "a period of at most a year")
    return Period(
        name=str(sc.get("name", "")),
        start=sc["start"],
        end=sc["end"],
        calendar=cal,
        slot_minutes=slot,
    )


def _interval(key: str, pair: Any, ref: int | None = None) -> tuple[int, int]:
    if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
        raise err(key, pair, 'a pair of times ["HH:MM", "HH:MM"]')
    try:
        a, b = parse_hhmm(pair[0]), parse_hhmm(pair[1])
    except ValueError:
        raise err(key, pair, 'times written "HH:MM" (00:00–24:00)') from None
    if ref is not None and a < ref:
        # times earlier than the reference belong to the next day (a shift past midnight)
        a += 1440
        b += 1440
    if b <= a:
        b += 1440
    return a, b


def parse_shifts(data: dict[str, Any]) -> tuple[Shift, ...]:
    """The [[shifts]] array."""
    raw = data.get("shifts")
    if not isinstance(raw, list) or not raw:
        raise err("shifts", raw, "at least one [[shifts]] table")
    out: list[Shift] = []
    seen: set[str] = set()
    for i, s in enumerate(raw):
        k = f"shifts[{i + 1}]"
        if not isinstance(s, dict):
            raise err(k, s, "a table")
        reject_unknown(s, {"code", "name", "start", "end", "breaks", "segments", "night"}, k)
        code = s.get("code")
        if not isinstance(code, str) or not code.strip():
            raise err(f"{k}.code", code, "a short shift code such as E")
        code = code.strip()
        if code.upper() in ("OFF", "UNAVAILABLE") or code.upper().startswith("LEAVE"):
            raise err(f"{k}.code", code, "a code other than OFF, LEAVE… or UNAVAILABLE")
        if code in seen:
            raise err(f"{k}.code", code, "a shift code used only once")
        seen.add(code)
        if "segments" in s:
            if "start" in s or "end" in s:
                raise err(f"{k}.segments", s["segments"], "either segments or start/end, not both")
            segs_raw = s["segments"]
            if not isinstance(segs_raw, list) or not segs_raw:
                raise err(f"{k}.segments", segs_raw, "a list of [start, end] pairs")
            segs: list[tuple[int, int]] = []
            for j, pair in enumerate(segs_raw):
                ref = segs[-1][1] if segs else None
                a, b = _interval(f"{k}.segments[{j + 1}]", pair, None)
                if ref is not None:
                    while a < ref:
                        a, b = a + 1440, b + 1440
                segs.append((a, b))
        else:
            if "start" not in s or "end" not in s:
                raise err(k, code, "start and end (or segments)")
            segs = [_interval(f"{k}.start", [s["start"], s["end"]])]
        brks: list[tuple[int, int]] = []
        for j, pair in enumerate(s.get("breaks", []) or []):
            a, b = _interval(f"{k}.breaks[{j + 1}]", pair, segs[0][0])
            if not any(sa <= a and b <= sb for sa, sb in segs):
                raise err(f"{k}.breaks[{j + 1}]", pair, "a break inside the shift's hours")
            brks.append((a, b))
        night = s.get("night")
        if night is not None and not isinstance(night, bool):
            raise err(f"{k}.night", night, "true or false")
        shift = Shift(
            code=code,
            name=str(s.get("name", "")),
            segments=tuple(segs),
            breaks=tuple(brks),
            night=bool(night) if night is not None else _touches_night(segs),
        )
        if shift.paid_minutes <= 0:
            raise err(k, code, "a shift with some paid time after breaks")
        out.append(shift)
    return tuple(out)


def _touches_night(segs: list[tuple[int, int]]) -> bool:
    """Night work as the Labour Law reads it: any time between 22:00 and 06:00."""
    return any(a < 1800 + k and b > 1320 + k for a, b in segs for k in (-1440, 0, 1440))


def _pair_int(key: str, v: Any, *, allow_scalar: bool, ordered: bool = True) -> tuple[int, int]:
    if allow_scalar and isinstance(v, int) and not isinstance(v, bool):
        if v < 0:
            raise err(key, v, "a non-negative whole number")
        return v, v
    if (
        isinstance(v, list)
        and len(v) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in v)
    ):
        if ordered and v[1] < v[0]:
            raise err(key, v, "a range [min, max] with min ≤ max")
        return v[0], v[1]
    raise err(key, v, "a whole number or [min, max]" if allow_scalar else "a pair [a, b]")


def parse_rule_values(tbl: dict[str, Any], prefix: str, base: RuleSet | None) -> RuleSet:
    """One rules profile; ``false`` switches a rule off, other keys override ``base``."""
    values: dict[str, Any] = dict(base.model_dump()) if base else {}
    for key, v in tbl.items():
        k = f"{prefix}.{key}"
        if key not in RULE_KEYS:
            raise err(k, v, f"a rule key ({', '.join(sorted(RULE_KEYS))})")
        if v is False:
            values[key] = RuleSet.model_fields[key].default
            continue
        if key == "rest_days_per_month":
            values[key] = _pair_int(k, v, allow_scalar=True)
        elif key in ("alternating_weeks", "work_rest_cycle"):
            # a pattern, not a range: [6, 1] (six on, one off) and [6, 5] are both valid
            a, b = _pair_int(k, v, allow_scalar=False, ordered=False)
            if key == "work_rest_cycle" and (a < 1 or b < 1):
                raise err(k, v, "[days on, days off], both at least 1")
            if key == "alternating_weeks" and not (0 <= a <= 7 and 0 <= b <= 7):
                raise err(k, v, "two worked-day counts between 0 and 7")
            values[key] = (v[0], v[1])
        elif key == "daily_paid_hours":
            if not (isinstance(v, list) and len(v) == 2 and all(_number(x) for x in v)):
                raise err(k, v, "[min_hours, max_hours]")
            if v[1] < v[0]:
                raise err(k, v, "a range [min, max] with min ≤ max")
            values[key] = (float(v[0]), float(v[1]))
        elif key == "monthly_hours":
            if not isinstance(v, dict) or set(v) - {"target", "tolerance"} or "target" not in v:
                raise err(k, v, "{ target = hours, tolerance = hours }")
            if not all(_number(x) for x in v.values()):
                raise err(k, v, "numbers for target and tolerance")
            values[key] = HoursBand(**v)
        elif key == "forbidden_successions":
            ok = isinstance(v, list) and all(
                isinstance(p, list) and len(p) == 2 and all(isinstance(c, str) for c in p)
                for p in v
            )
            if not ok:
                raise err(k, v, 'a list of pairs such as [["N", "E"]]')
            values[key] = tuple((a, b) for a, b in v)
        elif key == "max_shifts":
            if not isinstance(v, dict) or not all(
                isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in v.values()
            ):
                raise err(k, v, "a table of shift code = maximum count")
            values[key] = tuple(sorted(v.items()))
        elif key == "runs_at_edges":
            if v not in ("history", "free"):
                raise err(k, v, '"history" or "free"')
            values[key] = v
        elif key in ("standard_day_hours", "min_rest_hours"):
            if not _number(v):
                raise err(k, v, "a number of hours")
            values[key] = float(v)
        else:
            if not isinstance(v, int) or isinstance(v, bool):
                raise err(k, v, "a whole number (or false to switch the rule off)")
            values[key] = v
    cap = values.get("max_consecutive_work_days")
    top = values.get("max_consecutive_work_days_exception")
    if cap is not None and top is not None and top < cap:
        # RuleSet would reject it too, but without naming the key (and quoting the whole table)
        raise err(
            f"{prefix}.max_consecutive_work_days_exception",
            top,
            f"a cap at or above max_consecutive_work_days ({cap})",
        )
    try:
        return RuleSet(**values)
    except ValidationError as exc:
        e = exc.errors()[0]
        loc = ".".join(str(x) for x in e["loc"]) or "rules"
        raise err(f"{prefix}.{loc}" if e["loc"] else prefix, e.get("input"), e["msg"]) from None


def parse_rules(data: dict[str, Any]) -> tuple[RuleSet, dict[str, RuleSet]]:
    """[rules] and its [rules.by_role.X] profiles (each the default overridden)."""
    rules = dict(table(data, "rules"))
    by_role = rules.pop("by_role", {}) or {}
    if not isinstance(by_role, dict):
        raise err("rules.by_role", by_role, "tables [rules.by_role.<role>]")
    default = parse_rule_values(rules, "rules", None)
    roles: dict[str, RuleSet] = {}
    for role, tbl in by_role.items():
        if not isinstance(tbl, dict):
            raise err(f"rules.by_role.{role}", tbl, "a table of rule overrides")
        roles[role] = parse_rule_values(tbl, f"rules.by_role.{role}", default)
    return default, roles


def _model_from(cls: type, data: dict[str, Any], key: str) -> Any:
    tbl = table(data, key)
    reject_unknown(tbl, set(cls.model_fields), key)  # type: ignore[attr-defined]
    for k, v in tbl.items():
        if isinstance(v, bool) or (not _number(v) and not isinstance(v, str)):
            raise err(f"{key}.{k}", v, "a number")
    try:
        return cls(**tbl)
    except ValidationError as exc:
        e = exc.errors()[0]
        field = str(e["loc"][0]) if e["loc"] else ""
        raise err(f"{key}.{field}", tbl.get(field), e["msg"]) from None


def parse_pay(data: dict[str, Any]) -> PayPolicy:
    """[pay]."""
    tbl = table(data, "pay")
    thr = tbl.get("overtime_threshold")
    if thr is not None and not (thr in ("calendar", "average") or _number(thr)):
        raise err("pay.overtime_threshold", thr, '"calendar", "average" or a number of hours')
    return _model_from(PayPolicy, data, "pay")


def parse_weights(data: dict[str, Any]) -> Weights:
    """[weights]."""
    for k, v in table(data, "weights").items():
        if not _number(v):
            raise err(f"weights.{k}", v, "a number")
    return _model_from(Weights, data, "weights")


def parse_leave(data: dict[str, Any]) -> dict[str, float]:
    """[leave]: paid hours credited per leave day, by kind."""
    out: dict[str, float] = {}
    for k, v in table(data, "leave").items():
        if not _number(v) or v < 0:
            raise err(f"leave.{k}", v, "hours credited per leave day (a number ≥ 0)")
        out[k] = float(v)
    return out


def parse_skill_cover(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """[skill_cover]: skill → skills it may also fill."""
    out: dict[str, tuple[str, ...]] = {}
    for k, v in table(data, "skill_cover").items():
        if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
            raise err(f"skill_cover.{k}", v, 'a list of skills such as ["junior"]')
        out[k] = tuple(s.strip() for s in v)
    return out
