"""Property-based fuzzing: bad files and scenarios end in InputError or a result, nothing else.

Hypothesis garbles small seed files of every supported weather format and of a
load CSV (:mod:`fuzzfiles`), and mutates scenario files (keys, types, values,
and the TOML text itself); every case must end in a result or in
:class:`minegrid.InputError`, never in another exception. Cases are cheap (two
days of data; a mutation that asks for synthetic weather or an example mine
builds a year, which is rare), so the 2,000-odd cases run in about a minute.
The cases are derandomised (the same every run) so CI is reproducible; set
``MINEGRID_FUZZ_RANDOM=1`` to explore new ones. With ``MINEGRID_FUZZ_REPORT=file``
each test appends its counts of outcomes to that file (JSON lines).
"""

from __future__ import annotations

import json
import math
import os
import tomllib
import warnings
from collections import Counter
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import fuzzfiles  # noqa: E402
import minegrid as mg  # noqa: E402
from minegrid import InputError  # noqa: E402

#: Cases per test; their sum is the number of fuzz cases per run (>= 2,000).
N_WEATHER_PER_FORMAT = 110
N_LOAD = 300
N_SCENARIO = 450
N_SCENARIO_TEXT = 350

FUZZ = settings(
    max_examples=1, deadline=None, database=None,
    derandomize=not os.environ.get("MINEGRID_FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)

CELLS = ["", "x", "abc", "-9999", "9999", "1e400", "nan", "NaN", "-1", "0", "1,5", "99999999",
         "2023-13-45 25:61", "\x00", "é", "<img src=x onerror=alert(1)>", "1e-300", "inf",
         "12:00", "--", '"', "'", ";"]


def _outcome(fn, counts: Counter) -> None:
    """Call ``fn``: a result or an InputError are counted; anything else fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # warnings are not errors here: only exceptions count
        try:
            fn()
        except InputError as exc:
            assert "Fix:" in str(exc), f"an InputError without a fix: {exc}"
            counts["InputError"] += 1
            return
    counts["result"] += 1


def _report(name: str, counts: Counter) -> None:
    target = os.environ.get("MINEGRID_FUZZ_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"test": name, **counts}) + "\n")


# --------------------------------------------------------------------------- garbling
_line_op = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0.0, 1.0)),
    st.tuples(st.just("drop_line"), st.integers(0, 10_000)),
    st.tuples(st.just("dup_line"), st.integers(0, 10_000)),
    st.tuples(st.just("swap_lines"), st.integers(0, 10_000), st.integers(0, 10_000)),
    st.tuples(st.just("set_field"), st.integers(0, 10_000), st.integers(0, 40),
              st.one_of(st.sampled_from(CELLS), st.text(max_size=12))),
    st.tuples(st.just("drop_field"), st.integers(0, 10_000), st.integers(0, 40)),
    st.tuples(st.just("insert_bytes"), st.floats(0.0, 1.0), st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("delete_span"), st.floats(0.0, 1.0), st.integers(1, 200)),
    st.tuples(st.just("header_only"), st.integers(1, 12)),
    st.tuples(st.just("empty")),
    st.tuples(st.just("noise"), st.binary(min_size=0, max_size=300)),
)


def garble(text: str, ops) -> bytes:
    """Apply line, field and byte edits to a file's text; returns the damaged bytes."""
    lines = text.splitlines(keepends=True)
    data = None
    for op, *args in ops:
        if data is not None:  # byte edits done: later line edits work on the decoded text
            lines = data.decode("utf-8", errors="replace").splitlines(keepends=True)
            data = None
        n = len(lines)
        if op == "truncate":
            joined = "".join(lines)
            lines = joined[: int(args[0] * len(joined))].splitlines(keepends=True)
        elif op in ("drop_line", "dup_line") and n:
            i = args[0] % n
            lines = lines[:i] + lines[i + 1:] if op == "drop_line" else (
                lines[: i + 1] + lines[i:])
        elif op == "swap_lines" and n:
            i, j = args[0] % n, args[1] % n
            lines[i], lines[j] = lines[j], lines[i]
        elif op in ("set_field", "drop_field") and n:
            i = args[0] % n
            line = lines[i].rstrip("\r\n")
            sep = ";" if line.count(";") > line.count(",") else ","
            fields = line.split(sep)
            j = args[1] % len(fields)
            if op == "set_field":
                fields[j] = args[2]
            else:
                del fields[j]
            lines[i] = sep.join(fields) + "\n"
        elif op == "header_only":
            lines = lines[: args[0]]
        elif op == "empty":
            lines = []
        elif op in ("insert_bytes", "delete_span", "noise"):
            raw = "".join(lines).encode("utf-8")
            if op == "insert_bytes":
                k = int(args[0] * len(raw))
                data = raw[:k] + args[1] + raw[k:]
            elif op == "delete_span":
                k = int(args[0] * len(raw))
                data = raw[:k] + raw[k + args[1]:]
            else:
                data = args[0]
    return data if data is not None else "".join(lines).encode("utf-8")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    out = {}
    for fmt, (name, writer, opts) in fuzzfiles.WEATHER.items():
        text = writer()
        path = folder / name
        path.write_text(text, encoding="utf-8")
        site = mg.Site(**fuzzfiles.SITE) if fmt == "csv" else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a two-day seed warns of its scaling
            mg.read_weather(path, site=site, **opts)  # the seed itself is valid
        out[fmt] = (name, text, opts, site)
    return out


@pytest.mark.parametrize("fmt", sorted(fuzzfiles.WEATHER))
def test_garbled_weather_files_end_in_input_error_or_a_frame(fmt, seeds, tmp_path):
    name, text, opts, site = seeds[fmt]
    counts: Counter = Counter()
    formats = [None, *mg.weather.FORMATS, "xls"]

    @settings(FUZZ, max_examples=N_WEATHER_PER_FORMAT)
    @given(ops=st.lists(_line_op, min_size=1, max_size=4),
           fmt_choice=st.one_of(st.just("seed"), st.sampled_from(formats)),
           fill=st.sampled_from([0, 0, 3, 100]))
    def run(ops, fmt_choice, fill):
        path = tmp_path / name
        path.write_bytes(garble(text, ops))
        kw = dict(opts) if fmt_choice == "seed" else {"format": fmt_choice, "partial_year": True}
        use_site = site if kw.get("format") == "csv" else None

        def call():
            weather, got = mg.read_weather(path, site=use_site, max_fill_steps=fill, **kw)
            assert len(weather) >= 2 and isinstance(got, mg.Site)

        _outcome(call, counts)

    run()
    _report(f"weather[{fmt}]", counts)
    assert sum(counts.values()) >= N_WEATHER_PER_FORMAT


def test_garbled_load_files_end_in_input_error_or_a_series(tmp_path):
    text = fuzzfiles.load_csv()
    counts: Counter = Counter()

    @settings(FUZZ, max_examples=N_LOAD)
    @given(ops=st.lists(_line_op, min_size=1, max_size=4),
           options=st.fixed_dictionaries({}, optional={
               "repair": st.sampled_from([False, "interpolate", "fill", None, 1]),
               "unit": st.sampled_from(["kW", "kWh", "MW", "W", "kw", "x"]),
               "label": st.sampled_from(["start", "end", "middle"]),
               "dt_h": st.sampled_from([1.0, 0.5, 0.25, 2.0, 1 / 60, 0.0, -1.0, "1"]),
               "max_gap_h": st.sampled_from([24.0, 1.0, 0.0, "x"]),
               "spike_factor": st.sampled_from([None, 4.0, 1.0, "x"]),
               "tz": st.sampled_from([None, "Etc/GMT+4", "America/Santiago", "Mars/Base"]),
               "year": st.sampled_from([None, 2024, 2023, 1800]),
               "column": st.sampled_from(["load_kw", "time", "x"]),
           }))
    def run(ops, options):
        path = tmp_path / "load.csv"
        path.write_bytes(garble(text, ops))

        def call():
            load = mg.read_load(path, partial_year=True, **options)
            assert len(load) >= 1

        _outcome(call, counts)

    run()
    _report("load", counts)
    assert sum(counts.values()) >= N_LOAD


# --------------------------------------------------------------------------- scenarios
def to_toml(data: dict) -> str:
    """A TOML text of nested dicts, lists and scalars (what tomllib reads back)."""
    def scalar(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) \
                else repr(v)
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, list):
            return "[" + ", ".join(scalar(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{json.dumps(k)} = {scalar(x)}" for k, x in v.items()) + "}"
        raise TypeError(type(v))

    out: list[str] = []

    def table(prefix: str, body: dict, array: bool = False):
        out.append(f"[[{prefix}]]" if array else f"[{prefix}]")
        subs = []
        for k, v in body.items():
            if isinstance(v, dict):
                subs.append((k, v, False))
            elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                subs.append((k, v, True))
            else:
                out.append(f"{json.dumps(k)} = {scalar(v)}")
        for k, v, is_array in subs:
            if is_array:
                for item in v:
                    table(f"{prefix}.{json.dumps(k)}", item, True)
            else:
                table(f"{prefix}.{json.dumps(k)}", v)

    for name, body in data.items():
        if isinstance(body, dict):
            table(json.dumps(name), body)
        else:
            out.insert(0, f"{json.dumps(name)} = {scalar(body)}")
    return "\n".join(out) + "\n"


BASE_SCENARIO = {
    "study": {"name": "fuzz", "title": "Fuzz", "year": 2023},
    "site": dict(fuzzfiles.SITE, name="fuzz site"),
    "weather": {"source": "file", "path": "site.epw", "partial_year": True},
    "load": {"source": "file", "path": "load.csv", "tz": "Etc/GMT+4",
             "partial_year": True},
    "pv": {"rated_kw": 500.0, "tracking": "single_axis"},
    "wind": {"n_turbines": 1, "turbine_type": "E-82/2300", "hub_height_m": 78.0},
    "battery": {"energy_kwh": 800.0, "power_kw": 400.0},
    "genset": {"unit_rated_kw": 400.0, "n_units": 3, "min_load_ratio": 0.3,
               "derating": {"rule": "iso3046"}},
    "dispatch": {"strategy": "load_following"},
    "project": {"lifetime_years": 15, "discount_rate": 0.08, "currency": "USD"},
    "design_space": {"pv_kw": [0.0, 3000.0], "battery_kwh": [0.0, 4000.0], "n_units": [2, 5]},
    "requirements": {"max_unserved_fraction": 0.0},
    "sizing": {"maxiter": 3, "popsize": 4},
}
STRINGS = ["synthetic", "file", "example", "areas", "gold_mine", "epw", "csv", "tmy3",
           "Etc/GMT+4", "America/Santiago", "load_following", "cycle_charging", "E-82/2300",
           "iso3046", "linear", "table", "interpolate", "kW", "kWh", "", "x", "site.epw",
           "load.csv", "../../etc/passwd", "/etc/passwd", "missing.csv", "$$",
           "<img src=x onerror=alert(1)>", "1,5", "80"]
_values = st.one_of(
    st.sampled_from(STRINGS), st.text(max_size=8), st.booleans(),
    st.integers(-10, 10**6), st.sampled_from([0, -1, 1, 2, 10**9, 2023, 2024]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -1.0, 0.5, 1.0, 1.5, 1e12, -1e-9]),
    st.lists(st.one_of(st.floats(-1e6, 1e6), st.integers(-5, 20), st.sampled_from(STRINGS)),
             max_size=13),
    st.just({}), st.dictionaries(st.sampled_from(["a", "rule", "x"]), st.integers(), max_size=2),
)
KEYS = sorted({k for body in BASE_SCENARIO.values() for k in body}
              | {"seed", "format", "repair", "scale", "example", "max_fill_steps", "areas",
                 "existing_units", "cycle_charging_setpoint", "min_renewable_fraction",
                 "method", "objective", "coerce_year", "column", "unit", "dt_h"})
_mutation = st.one_of(
    st.tuples(st.just("set"), st.sampled_from(sorted(BASE_SCENARIO)), st.sampled_from(KEYS),
              _values),
    st.tuples(st.just("delete"), st.sampled_from(sorted(BASE_SCENARIO)), st.sampled_from(KEYS)),
    st.tuples(st.just("drop_table"), st.sampled_from(sorted(BASE_SCENARIO))),
    st.tuples(st.just("rename_table"), st.sampled_from(sorted(BASE_SCENARIO)),
              st.sampled_from(["siet", "load.calendar", "Project", "x", "weather"])),
    st.tuples(st.just("table_value"), st.sampled_from(sorted(BASE_SCENARIO)), _values),
)


def mutate(ops) -> dict:
    data = json.loads(json.dumps(BASE_SCENARIO))
    for op, *args in ops:
        if op == "set":
            table, key, value = args
            if isinstance(data.get(table), dict):
                data[table][key] = value
        elif op == "delete":
            table, key = args
            if isinstance(data.get(table), dict):
                data[table].pop(key, None)
        elif op == "drop_table":
            data.pop(args[0], None)
        elif op == "rename_table":
            if args[0] in data:
                data[args[1]] = data.pop(args[0])
        elif op == "table_value":
            data[args[0]] = args[1]
    return data


@pytest.fixture(scope="module")
def scenario_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scenario")
    (folder / "site.epw").write_text(fuzzfiles.epw(), encoding="utf-8")
    (folder / "load.csv").write_text(fuzzfiles.load_csv(), encoding="utf-8")
    text = to_toml(BASE_SCENARIO)
    assert tomllib.loads(text) == BASE_SCENARIO
    with pytest.warns(mg.MinegridWarning, match="less than a year"):  # two-day files, scaled
        result = mg.scenario.parse_scenario(text, path=folder / "base.toml").run(dispatch=False)
    assert result.stats.load_kwh > 0  # the base scenario runs
    return folder


def _run_scenario(text: str, folder: Path):
    sc = mg.scenario.parse_scenario(text, path=folder / "fuzz.toml")
    sc.run(dispatch=False)
    if sc.can_size:
        sc.design_space()
        sc.requirements()


def test_mutated_scenarios_end_in_input_error_or_a_result(scenario_dir):
    counts: Counter = Counter()

    @settings(FUZZ, max_examples=N_SCENARIO)
    @given(ops=st.lists(_mutation, min_size=1, max_size=3))
    def run(ops):
        data = mutate(ops)
        try:
            text = to_toml(data)
        except TypeError:  # pragma: no cover - every generated value is TOML
            return
        _outcome(lambda: _run_scenario(text, scenario_dir), counts)

    run()
    _report("scenario", counts)
    assert sum(counts.values()) >= N_SCENARIO


def test_garbled_scenario_text_ends_in_input_error_or_a_result(scenario_dir):
    text = to_toml(BASE_SCENARIO)
    counts: Counter = Counter()

    @settings(FUZZ, max_examples=N_SCENARIO_TEXT)
    @given(ops=st.lists(_line_op, min_size=1, max_size=3))
    def run(ops):
        garbled = garble(text, ops).decode("utf-8", errors="replace")
        _outcome(lambda: _run_scenario(garbled, scenario_dir), counts)

    run()
    _report("scenario_text", counts)
    assert sum(counts.values()) >= N_SCENARIO_TEXT


def test_fuzz_cases_per_run():
    """The sum the issue asks for: at least 2,000 fuzz cases in every CI run."""
    total = (N_WEATHER_PER_FORMAT * len(fuzzfiles.WEATHER) + N_LOAD + N_SCENARIO
             + N_SCENARIO_TEXT)
    assert total >= 2000
