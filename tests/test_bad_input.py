"""One error type for bad input: every case ends in InputError naming field, value and fix.

Three sets: the bad inputs the hardening audit (issue 15) found ending in a raw
traceback, each with its reproducer; every keyword of the public functions
and dataclasses given text, None, a list, a dict, a bool or NaN; and
scenario-file cases (file, line and key in the message). ``test_fuzz.py``
adds the random cases. ``MINEGRID_FUZZ_REPORT`` (see there) records counts.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import os
import textwrap
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import fuzzfiles
import minegrid as mg
from minegrid import InputError
from minegrid.scenario import parse_scenario

SITE = mg.Site(latitude_deg=-22.9, longitude_deg=-69.9, altitude_m=1635.0, tz="Etc/GMT+4")


@pytest.fixture(scope="module")
def weather():
    return mg.synthetic_weather(SITE, year=2023).iloc[:48]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "text.epw").write_text("LOCATION,x,,,,,,,,\nnot a number here\n")
    (d / "empty.epw").write_text("")
    (d / "bytes.bin").write_bytes(np.random.default_rng(0).bytes(3000))
    (d / "ragged.csv").write_text("time,load_kw\n2023-01-01 00:00,100\n2023-01-01 01:00,1,2,3\n"
                                  "2023-01-01 02:00,100\n")
    (d / "comma.csv").write_text('time,load_kw\n2023-01-01 00:00,"1,5"\n2023-01-01 01:00,"2,0"\n')
    (d / "site.epw").write_text(fuzzfiles.epw())
    (d / "afile").write_text("x")
    return d


def _report(name: str, counts: Counter) -> None:
    target = os.environ.get("MINEGRID_FUZZ_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"test": name, **counts}) + "\n")


def _epw_text_field(files):
    text = fuzzfiles.epw().splitlines()
    fields = text[10].split(",")
    fields[6] = "warm"  # text in the dry-bulb temperature
    text[10] = ",".join(fields)
    path = files / "textfield.epw"
    path.write_text("\n".join(text) + "\n")
    return path


#: The audit's reproducers (issue 15): (name, call(files, weather), words the message names).
AUDIT = [
    ("load as text with decimal commas",
     lambda f, w: mg.simulate(mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=2)),
                              pd.Series(["1,5", "2,0"])), ["load_kw", "'1,5'"]),
    ("dt_h as text", lambda f, w: mg.Profiles(load_kw=np.ones(24), dt_h="1"), ["dt_h", "'1'"]),
    ("hub_height_m as text",
     lambda f, w: mg.wind_profile(w, turbine_type="E-82/2300", hub_height_m="80"),
     ["hub_height_m", "'80'"]),
    ("dc_ac_ratio None", lambda f, w: mg.pv_profile(w, SITE, dc_ac_ratio=None),
     ["dc_ac_ratio", "None"]),
    ("max_gap_h as text",
     lambda f, w: mg.read_load(pd.Series(1.0, index=pd.date_range("2023", periods=9, freq="h")),
                               max_gap_h="x"), ["max_gap_h", "'x'"]),
    ("weather file with text in a numeric field",
     lambda f, w: mg.read_weather(_epw_text_field(f)), ["textfield.epw", "EPW"]),
    ("weather file of random bytes", lambda f, w: mg.read_weather(f / "bytes.bin"),
     ["bytes.bin", "format"]),
    ("random bytes read as EPW", lambda f, w: mg.read_weather(f / "bytes.bin", format="epw"),
     ["bytes.bin", "EPW"]),
    ("empty EPW", lambda f, w: mg.read_weather(f / "empty.epw"), ["empty.epw", "EPW"]),
    ("wrong format=", lambda f, w: mg.read_weather(f / "site.epw", format="xls"),
     ["format", "'xls'"]),
    ("format= not a string", lambda f, w: mg.read_weather(f / "site.epw", format=3),
     ["format", "3"]),
    ("sweep store is a file",
     lambda f, w: mg.sweep(mg.study.BaseCase(
         system=mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=2)),
         profiles=mg.Profiles(load_kw=np.full(24, 300.0))), {"pv_kw": [0.0]},
         store=f / "afile", progress=False), ["store", "afile"]),
    ("ragged load CSV", lambda f, w: mg.read_load(f / "ragged.csv"), ["ragged.csv"]),
    ("load CSV with decimal commas", lambda f, w: mg.read_load(f / "comma.csv"),
     ["column", "'1,5'"]),
    ("batch designs as text",
     lambda f, w: mg.simulate_batch(mg.System(genset=mg.GensetFleet(unit_rated_kw=400,
                                                                    n_units=2)),
                                    np.full(24, 300.0), {"pv_kw": ["a", "b"]}),
     ["designs['pv_kw']", "'a'"]),
    ("batch designs negative",
     lambda f, w: mg.simulate_batch(mg.System(genset=mg.GensetFleet(unit_rated_kw=400,
                                                                    n_units=2)),
                                    np.full(24, 300.0), {"pv_kw": [-1.0, 2.0]}),
     ["designs['pv_kw']", "-1.0"]),
    ("read_weather site as text", lambda f, w: mg.read_weather(f / "site.epw", site="x"),
     ["site", "str"]),
    ("currency not a label", lambda f, w: mg.Project(currency="USD\n"), ["currency"]),
    ("LP aggregate not dividing",
     lambda f, w: mg.lp_bound(mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=2)),
                              np.full(24, 300.0), aggregate=5), ["aggregate", "5"]),
]


@pytest.mark.parametrize("name,call,words", AUDIT, ids=[a[0] for a in AUDIT])
def test_audit_reproducers_end_in_input_error(name, call, words, files, weather):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(InputError) as info:
            call(files, weather)
    msg = str(info.value)
    assert "Fix:" in msg, msg
    for word in words:
        assert word in msg, (word, msg)
    assert "Traceback" not in msg


# --------------------------------------------------------------------------- every keyword
BAD_VALUES = ["x", None, "1", [1.0], True, float("nan"), {"a": 1}]


def _targets(weather):
    load = pd.Series(100.0, index=pd.date_range("2023-01-01", periods=48, freq="h"))
    out = {
        "pv_profile": (mg.pv_profile, (weather, SITE), {}),
        "wind_profile": (mg.wind_profile, (weather,),
                         {"hub_height_m": 80, "turbine_type": "E-82/2300"}),
        "genset_derating": (mg.genset_derating, (weather, SITE), {}),
        "read_load": (mg.read_load, (load,), {}),
        "synthetic_weather": (mg.synthetic_weather, (SITE,), {}),
    }
    for cls, kw in ((mg.Site, {"latitude_deg": -27, "longitude_deg": -69}), (mg.PVPlant, {}),
                    (mg.WindPlant, {}), (mg.Battery, {}), (mg.GensetFleet, {}),
                    (mg.Dispatch, {}), (mg.Project, {}), (mg.DesignSpace, {"pv_kw": (0, 100)}),
                    (mg.Requirements, {})):
        out[cls.__name__] = (cls, (), kw)
    return out


def _numeric(annotation) -> bool:
    text = str(annotation)
    return ("float" in text or "int" in text) and "str" not in text and "bool" not in text


def test_every_keyword_refuses_wrong_types_with_input_error(weather):
    counts: Counter = Counter()
    raw = []
    for name, (func, args, base_kw) in _targets(weather).items():
        for pname, p in inspect.signature(func).parameters.items():
            if pname in ("weather", "site", "source") or p.kind not in (
                    p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD):
                continue
            if not dataclasses.is_dataclass(func) and p.kind != p.KEYWORD_ONLY:
                continue
            for value in BAD_VALUES:
                kw = dict(base_kw, **{pname: value})
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        func(*args, **kw)
                    except InputError as exc:
                        counts["InputError"] += 1
                        if "Fix:" not in str(exc):
                            raw.append(f"{name}({pname}={value!r}): no fix: {exc}")
                        continue
                    except Exception as exc:  # the point of the test
                        raw.append(f"{name}({pname}={value!r}): {type(exc).__name__}: {exc}")
                        continue
                counts["result"] += 1
                if value == "x" and _numeric(p.annotation):
                    raw.append(f"{name}({pname}='x') was accepted")
    _report("keywords", counts)
    assert raw == []
    assert counts["InputError"] >= 700


# --------------------------------------------------------------------------- scenario files
SCENARIO = textwrap.dedent("""\
    [study]
    name = "bad"

    [site]
    latitude_deg = -22.9
    longitude_deg = -69.9
    altitude_m = 1635.0
    tz = "Etc/GMT+4"

    [weather]
    source = "file"
    path = "site.epw"
    partial_year = true

    [genset]
    unit_rated_kw = 400.0
    n_units = 3
""")


def _scenario(files, text):
    path = files / "s.toml"
    path.write_text(text)
    return parse_scenario(text, path=path)


def test_weather_format_key_is_accepted(files):
    sc = _scenario(files, SCENARIO.replace('path = "site.epw"', 'path = "site.epw"\n'
                                           'format = "epw"'))
    with pytest.warns(mg.MinegridWarning, match="less than a year"):
        weather, _ = sc.weather()
    assert len(weather) == 48


@pytest.mark.parametrize(("edit", "key", "line"), [
    ('path = "site.epw"\nsite = "x"', "site", 13),
    ('path = "site.epw"\nformat = "xls"', "format", 13),
    ('path = "site.epw"\nmax_fill_steps = -1', "max_fill_steps", 13),
    ('path = "text.epw"', "path", 12),
])
def test_weather_errors_name_file_line_and_key(files, edit, key, line):
    text = SCENARIO.replace('path = "site.epw"', edit)
    with pytest.raises(InputError) as info:
        _scenario(files, text).weather()
    msg = str(info.value)
    assert msg.startswith(f"{files / 's.toml'}, line {line}: [weather] {key}"), msg
    assert "Fix:" in msg and msg.count(str(files / "s.toml")) == 1


def test_scenario_load_repair_reaches_alignment(files):
    """A metered load of another year that misses days is usable with repair."""
    idx = pd.date_range("2021-01-01", periods=30, freq="h")
    (files / "meter.csv").write_text(pd.Series(500.0, index=idx, name="kw").rename_axis(
        "time").to_csv())
    text = SCENARIO + '\n[load]\nsource = "file"\npath = "meter.csv"\npartial_year = true\n'
    sc = _scenario(files, text)
    with pytest.warns(mg.MinegridWarning, match="less than a year"):
        weather, site = sc.weather()
    with pytest.raises(InputError, match="repair='interpolate'") as info, \
            pytest.warns(mg.MinegridWarning, match="less than a year"):
        sc.load(weather.index, site)
    assert "[load]" in str(info.value)
    sc = _scenario(files, text + 'repair = "interpolate"\n')
    with pytest.warns(mg.MinegridWarning):
        load = sc.load(weather.index, site)
    assert len(load) == len(weather) and (load == 500.0).all()


def test_nested_errors_are_located_once(files):
    text = SCENARIO.replace('[weather]\nsource = "file"\npath = "site.epw"\npartial_year = true\n',
                           "")
    text += textwrap.dedent("""\
        [load]
        source = "areas"

        [[load.areas]]
        name = "mill"
        kind = "grinding_ball"
        installed_kw = -5.0
    """)
    with pytest.raises(InputError) as info:
        _scenario(files, text).build()
    msg = str(info.value)
    assert msg.count(str(files / "s.toml")) == 1, msg
    assert "[[load.areas]] #1 installed_kw" in msg and "line 20" in msg


def test_a_table_given_as_a_value_is_refused(files):
    with pytest.raises(InputError, match=r"\[genset\] must be a table") as info:
        parse_scenario('genset = "big"\n', path=files / "t.toml")
    assert "Fix:" in str(info.value)


def test_every_check_names_a_fix():
    """Every check() in the package passes a fix, every InputError message has 'Fix:'."""
    missing = []
    for path in sorted((Path(mg.__file__).parent).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name == "check":
                fix = node.args[4] if len(node.args) >= 5 else next(
                    (k.value for k in node.keywords if k.arg == "fix"), None)
                if fix is None or (isinstance(fix, ast.Constant) and not fix.value):
                    missing.append(f"{path.name}:{node.lineno}")
            elif name == "InputError" and node.args:
                text = ast.unparse(node.args[0])
                wraps = text.rstrip("'\"").endswith(("{exc}", "{text}"))  # adds a place only
                if "Fix" not in text and not wraps and not isinstance(node.args[0], ast.Name):
                    missing.append(f"{path.name}:{node.lineno} InputError")
    assert missing == []
