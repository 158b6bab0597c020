"""Small, valid seed files of every supported weather and load format, for the fuzz tests.

Each writer returns the text of a two-day file (48 hourly rows; PVGIS CSV a year) that
:func:`minegrid.read_weather` or :func:`minegrid.read_load` reads; the fuzz
tests garble these. Layouts follow the formats' documentation (and, for
TMY3 and TMY2, pvlib's sample files, whose first rows are used as they are).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

ROWS = 48
SITE = {"latitude_deg": -22.9, "longitude_deg": -69.9, "altitude_m": 1635.0, "tz": "Etc/GMT+4"}


def _weather(start: str = "2023-01-01", rows: int = ROWS) -> pd.DataFrame:
    """``rows`` hours of plausible weather (start labels, Etc/GMT+4)."""
    idx = pd.date_range(start, periods=rows, freq="h", tz="Etc/GMT+4")
    hour = idx.hour.to_numpy()
    site = pvlib.location.Location(SITE["latitude_deg"], SITE["longitude_deg"],
                                   altitude=SITE["altitude_m"])
    sky = site.get_clearsky(idx + pd.Timedelta("30min"))  # clear sky at interval midpoints
    sun = (sky["ghi"] / 1000.0).clip(0.0, 1.0).to_numpy()
    return pd.DataFrame({
        "ghi": 0.95 * sky["ghi"].to_numpy(), "dni": 0.95 * sky["dni"].to_numpy(),
        "dhi": 0.95 * sky["dhi"].to_numpy(),
        "temp_air": 12.0 + 8.0 * sun, "wind_speed": 3.0 + 2.0 * np.cos(hour / 24 * 2 * np.pi),
        "pressure": np.full(rows, 83_000.0), "relative_humidity": np.full(rows, 30.0),
        "wind_direction": np.full(rows, 200.0),
    }, index=idx)


def epw() -> str:
    w = _weather()
    head = [
        "LOCATION,Antofagasta,Region II,CHL,SYNTH,854420,-22.90,-69.90,-4.0,1635.0",
        "DESIGN CONDITIONS,0", "TYPICAL/EXTREME PERIODS,0", "GROUND TEMPERATURES,0",
        "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0", "COMMENTS 1,fuzz seed", "COMMENTS 2,",
        "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31",
    ]
    rows = []
    for t, r in w.iterrows():
        rows.append(",".join(str(v) for v in [
            2005, t.month, t.day, t.hour + 1, 60, "?9?9?9?9E0?9?9?9?9?9?9?9?9?9?9?9?9?9?9?9*9*9",
            f"{r.temp_air:.1f}", "2.0", f"{r.relative_humidity:.0f}", f"{r.pressure:.0f}",
            9999, 9999, 300, f"{r.ghi:.0f}", f"{r.dni:.0f}", f"{r.dhi:.0f}", 999999, 999999,
            999999, 9999, f"{r.wind_direction:.0f}", f"{r.wind_speed:.1f}", 5, 5, 9999,
            77777, 9, 999999999, 10, 0.1, 0, 88, 0.0, 0, 0]))
    return "\n".join(head + rows) + "\n"


def _pvlib_head(name: str, lines: int) -> str:
    import pvlib

    path = Path(pvlib.__file__).parent / "data" / name
    with open(path, encoding="utf-8", errors="replace") as fh:
        return "".join(fh.readline() for _ in range(lines))


def tmy3() -> str:
    return _pvlib_head("723170TYA.CSV", 2 + ROWS)


def tmy2() -> str:
    return _pvlib_head("12839.tm2", 1 + ROWS)


def nsrdb() -> str:
    w = _weather().tz_convert("UTC")
    head = ("Source,Location ID,City,State,Country,Latitude,Longitude,Time Zone,Elevation,"
            "Local Time Zone,Temperature Units,Pressure Units,Wind Speed Units\n"
            "NSRDB,1378482,-,-,-,-22.9,-69.9,0,1635,-4,c,mbar,m/s\n"
            "Year,Month,Day,Hour,Minute,Temperature,Relative Humidity,Wind Direction,"
            "Wind Speed,Pressure,GHI,DHI,DNI\n")
    rows = [f"{t.year},{t.month},{t.day},{t.hour},30,{r.temp_air:.1f},{r.relative_humidity:.1f},"
            f"{r.wind_direction:.0f},{r.wind_speed:.1f},{r.pressure / 100:.0f},{r.ghi:.0f},"
            f"{r.dhi:.0f},{r.dni:.0f}" for t, r in w.iterrows()]
    return head + "\n".join(rows) + "\n"


def explorador_sam() -> str:
    w = _weather()
    head = ("Source,Location ID,City,State,Country,Latitude,Longitude,Time Zone,Elevation\n"
            "ExpSolar,00000,S1,NA,Chile,-22.9234,-69.9099,-4,1635\n"
            "Year,Month,Day,Hour,Minute,GHI,DNI,DHI,Tdry,Tdew,RH,Pres,Wspd,Wdir\n")
    rows = [f"2023,{t.month},{t.day},{t.hour},30,{r.ghi:.0f},{r.dni:.0f},{r.dhi:.0f},"
            f"{r.temp_air:.1f},0.0,30,{r.pressure / 100:.0f},{r.wind_speed:.1f},200"
            for t, r in w.iterrows()]
    return head + "\n".join(rows) + "\n"


def explorador() -> str:
    w = _weather()
    local = w.index + pd.Timedelta("30min")
    body = pd.DataFrame({
        "Fecha/Hora": local.strftime("%d-%m-%Y %H:%M"), "glb (W/m2)": w["ghi"].to_numpy(),
        "dir (W/m2)": w["dni"].to_numpy(), "dif (W/m2)": w["dhi"].to_numpy(),
        "temp (°C)": w["temp_air"].to_numpy(), "vel (m/s)": w["wind_speed"].to_numpy()})
    head = ("Explorador Solar - Reporte año típico\nLatitud: -22,92\nLongitud: -69,91\n"
            "Elevación (m): 1635\nHora local UTC-4\n")
    return head + body.to_csv(sep=";", decimal=",", index=False)


def pvgis_csv() -> str:
    w = _weather(rows=8760)  # pvlib reads a PVGIS CSV as 8,760 rows: a whole year
    utc = w.index.tz_convert("UTC")  # minegrid takes PVGIS values as centred on the label
    lines = ["Latitude (decimal degrees): -22.900", "Longitude (decimal degrees): -69.900",
             "Elevation (m): 1635.0", "month,year"] + [f"{m},2015" for m in range(1, 13)]
    lines.append("time(UTC),T2m,RH,G(h),Gb(n),Gd(h),IR(h),WS10m,WD10m,SP")
    for t, r in zip(utc, w.itertuples(), strict=True):
        lines.append(f"{t.replace(year=2015):%Y%m%d:%H%M},{r.temp_air:.2f},30.0,{r.ghi:.2f},"
                     f"{r.dni:.2f},{r.dhi:.2f},300.0,{r.wind_speed:.2f},200.0,{r.pressure:.1f}")
    return "\n".join(lines) + "\n"  # no legend: pvlib reads the rows up to the end


def pvgis_json() -> str:
    w = _weather("2023-01-02")
    utc = (w.index + pd.Timedelta("1h")).tz_convert("UTC")
    rows = [{"time(UTC)": f"{t.replace(year=2015):%Y%m%d:%H%M}", "T2m": r.temp_air, "RH": 30.0,
             "G(h)": r.ghi, "Gb(n)": r.dni, "Gd(h)": r.dhi, "IR(h)": 300.0,
             "WS10m": r.wind_speed, "WD10m": 200.0, "SP": r.pressure}
            for t, r in zip(utc, w.itertuples(), strict=True)]
    doc = {"inputs": {"location": {"latitude": -22.9, "longitude": -69.9, "elevation": 1635.0}},
           "meta": {"inputs": {}}, "outputs": {"months_selected": [], "tmy_hourly": rows}}
    return json.dumps(doc)


def generic_csv() -> str:
    w = _weather()
    out = w[["ghi", "dni", "dhi", "temp_air", "wind_speed", "pressure"]].copy()
    out.index = out.index.strftime("%Y-%m-%d %H:%M")
    return out.rename_axis("time").to_csv()


def load_csv() -> str:
    idx = pd.date_range("2023-01-01", periods=ROWS, freq="h")
    kw = 900.0 + 100.0 * np.sin(np.arange(ROWS) / 24 * 2 * np.pi)
    return pd.Series(kw, index=idx.strftime("%Y-%m-%d %H:%M"), name="load_kw").rename_axis(
        "time").to_csv()


#: format name -> (file name, writer, read_weather options)
WEATHER = {
    "epw": ("site.epw", epw, {"partial_year": True}),
    "tmy3": ("site_tmy3.csv", tmy3, {"partial_year": True}),
    "tmy2": ("site.tm2", tmy2, {"partial_year": True}),
    "nsrdb": ("site_nsrdb.csv", nsrdb, {"partial_year": True}),
    "explorador_sam": ("site_sam.csv", explorador_sam, {"partial_year": True}),
    "explorador": ("site_es.csv", explorador, {"partial_year": True}),
    "pvgis": ("tmy_pvgis.csv", pvgis_csv, {}),
    "pvgis_json": ("tmy_pvgis.json", pvgis_json, {"partial_year": True}),
    "csv": ("site_generic.csv", generic_csv, {"format": "csv", "partial_year": True}),
}
