"""The straightforward baseline: what an analyst would write from METHOD.md.

Plain pandas, written from the formulas and rules of METHOD.md without
looking at `scoring`, with pingouin for Cronbach's alpha. Every benchmark runs
this on the same data as the project's path and checks that both give the
same numbers (`same_report`, `same_units`), so a speed-up is never bought
with a different answer.
"""

from __future__ import annotations

import math

import pandas as pd
import pingouin as pg
from scipy import stats

from scoring.questionnaire import Survey

__all__ = [
    "baseline_report",
    "baseline_units",
    "same_report",
    "same_units",
    "suppress",
    "youth_lines",
]

# METHOD.md holds the code to its formulas to 1e-6.
TOLERANCE = 1e-6
# pingouin rounds the alpha interval to three decimals.
ALPHA_CI_TOLERANCE = 5e-4 + 1e-9


def suppress(sizes: list[int], k: int, lines: list[list[int]] = ()) -> list[bool]:
    """METHOD.md's breakdown rule: hide groups under k, then, while the hidden
    groups hold between 1 and k-1 respondents, the smallest shown one too. The
    same holds within each of ``lines``, sets of groups whose total is published
    elsewhere (the youth options and the others, beside the youth comparison);
    the lines are settled in turn, the whole breakdown first, until none moves."""
    hidden = [size < k for size in sizes]
    lines = [list(range(len(sizes))), *lines]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if 0 < sum(sizes[i] for i in line if hidden[i]) < k:
                shown = [i for i in line if not hidden[i]]
                if shown:
                    hidden[min(shown, key=lambda i: sizes[i])] = True
                    changed = True
    return hidden


def youth_lines(survey: Survey, demographic: str) -> list[list[int]]:
    """The youth options, and all the others with the missing answers, when
    ``demographic`` carries the youth rule: the youth comparison publishes both totals."""
    if survey.youth is None or survey.youth.demographic != demographic:
        return []
    options = [o.id for o in survey.demographic(demographic).options]
    young = [i for i, option in enumerate(options) if option in survey.youth.groups]
    return [young, [i for i in range(len(options) + 1) if i not in young]]


def respondent_table(survey: Survey, wave: pd.DataFrame) -> pd.DataFrame:
    """Item scores, then dimension scores and the index per respondent."""
    k = survey.points
    items = pd.DataFrame(
        {
            i.id: 100 * (k - wave[i.id]) / (k - 1)
            if i.reverse
            else 100 * (wave[i.id] - 1) / (k - 1)
            for i in survey.items
        }
    )
    dims = pd.DataFrame(index=wave.index)
    for d in survey.dimensions:
        block = items[[i.id for i in d.items]]
        dims[d.id] = block.mean(axis=1).where(
            block.notna().sum(axis=1) >= math.ceil(len(d.items) / 2)
        )
    weights = pd.Series({d.id: d.weight for d in survey.dimensions})
    carried = dims.notna().mul(weights).sum(axis=1)
    index = dims.mul(weights).sum(axis=1) / carried
    dims["index"] = index.where(carried >= weights.sum() / 2 - 1e-9)
    return pd.concat([items, dims], axis=1)


def _interval(values: pd.Series, headcount: int | None = None) -> tuple[float, float, float, int]:
    values = values.dropna()
    n = len(values)
    mean = values.mean()
    if n < 2:
        return mean, math.nan, math.nan, n
    se = values.std() / math.sqrt(n)
    half = stats.t.ppf(0.975, n - 1) * se
    return mean, mean - half, mean + half, n


def _groups(wave: pd.DataFrame, survey: Survey, demographic: str) -> pd.Series:
    """Group labels with the missing answers as a group of their own."""
    return wave[demographic].astype(object).where(wave[demographic].notna(), "__missing__")


def _group_order(survey: Survey, demographic: str) -> list[str]:
    return [o.id for o in survey.demographic(demographic).options] + ["__missing__"]


def baseline_report(survey: Survey, frame: pd.DataFrame, by: list[str], k: int) -> dict:
    """The latest wave's report: index, dimensions, items, alpha, breakdowns, eNPS, drivers."""
    wave_name = sorted(frame["wave"].astype(str).unique())[-1]
    wave = frame[frame["wave"].astype(str) == wave_name].reset_index(drop=True)
    table = respondent_table(survey, wave)
    mean, low, high, n = _interval(table["index"])
    p = stats.ttest_1samp(table["index"].dropna(), survey.target, alternative="less").pvalue
    out: dict = {
        "n": n,
        "index": {"score": mean, "ci_low": low, "ci_high": high, "p_below_target": p},
        "dimensions": [],
        "items": [],
        "breakdowns": {},
    }
    for d in survey.dimensions:
        raw = pd.DataFrame(
            {i.id: survey.points + 1 - wave[i.id] if i.reverse else wave[i.id] for i in d.items}
        )
        alpha, ci = pg.cronbach_alpha(raw, nan_policy="listwise")
        mean, low, high, n = _interval(table[d.id])
        out["dimensions"].append(
            {
                "id": d.id,
                "score": mean,
                "ci_low": low,
                "ci_high": high,
                "alpha": alpha,
                "alpha_ci": list(ci),
                "n": n,
            }
        )
        complete = raw.dropna()
        for i in d.items:
            rest = complete.drop(columns=i.id)
            keyed = raw[i.id].dropna()
            out["items"].append(
                {
                    "id": i.id,
                    "score": table[i.id].mean(),
                    "favorable_pct": 100 * (keyed >= survey.points - 1).mean(),
                    "item_total_r": complete[i.id].corr(rest.sum(axis=1)),
                    "alpha_if_deleted": pg.cronbach_alpha(rest)[0]
                    if rest.shape[1] > 1
                    else math.nan,
                    "n": len(keyed),
                }
            )
    for demographic in by:
        groups = _groups(wave, survey, demographic)
        order = _group_order(survey, demographic)
        sizes = groups.value_counts().reindex(order, fill_value=0)
        hidden = suppress(sizes.tolist(), k, youth_lines(survey, demographic))
        scores = table[[d.id for d in survey.dimensions] + ["index"]]
        means = scores.groupby(groups).mean().reindex(order)
        counts = scores["index"].groupby(groups).count().reindex(order, fill_value=0)
        rows = []
        for g, h in zip(order, hidden, strict=True):
            group = None if g == "__missing__" else g
            if h:
                rows.append({"group": group, "suppressed": True})
                continue
            rows.append(
                {
                    "group": group,
                    "suppressed": False,
                    "n": int(counts[g]),
                    "index": means.loc[g, "index"],
                    "dimensions": {d.id: means.loc[g, d.id] for d in survey.dimensions},
                }
            )
        out["breakdowns"][demographic] = rows
    recommend = survey.outcome("recommend")
    if recommend is not None:
        answers = wave[recommend.id].dropna()
        out["enps"] = 100 * ((answers >= 9).mean() - (answers <= 6).mean())
    satisfaction = survey.outcome("satisfaction")
    if satisfaction is not None:
        out["drivers"] = {}
        for i in survey.items:
            pairs = pd.concat([table[i.id], wave[satisfaction.id]], axis=1).dropna()
            if len(pairs) >= 20:
                out["drivers"][i.id] = pairs.iloc[:, 0].corr(pairs.iloc[:, 1])
    return out


def baseline_units(survey: Survey, frame: pd.DataFrame, demographic: str, k: int) -> list[dict]:
    """Per-unit index with its interval and dimension scores, with suppression."""
    wave_name = sorted(frame["wave"].astype(str).unique())[-1]
    wave = frame[frame["wave"].astype(str) == wave_name].reset_index(drop=True)
    table = respondent_table(survey, wave)
    groups = _groups(wave, survey, demographic)
    order = _group_order(survey, demographic)
    sizes = groups.value_counts().reindex(order, fill_value=0)
    hidden = suppress(sizes.tolist(), k, youth_lines(survey, demographic))
    grouped = table[[d.id for d in survey.dimensions] + ["index"]].groupby(groups)
    means = grouped.mean().reindex(order)
    index = grouped["index"].agg(["count", "std"]).reindex(order)
    units = []
    for g, h in zip(order, hidden, strict=True):
        group = None if g == "__missing__" else g
        if h:
            units.append({"group": group, "suppressed": True})
            continue
        n = int(index.loc[g, "count"])
        mean = means.loc[g, "index"]
        half = (
            stats.t.ppf(0.975, n - 1) * index.loc[g, "std"] / math.sqrt(n) if n >= 2 else math.nan
        )
        units.append(
            {
                "group": group,
                "suppressed": False,
                "n": n,
                "index": mean,
                "ci_low": mean - half,
                "ci_high": mean + half,
                "dimensions": {d.id: means.loc[g, d.id] for d in survey.dimensions},
            }
        )
    return units


def _close(a: object, b: object, tolerance: float = TOLERANCE) -> bool:
    if a is None or b is None:
        a = math.nan if a is None else a
        b = math.nan if b is None else b
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= tolerance


def _differences(ours: dict, theirs: dict, keys: list[str], where: str) -> list[str]:
    return [
        f"{where}.{key}: {ours.get(key)} != {theirs.get(key)}"
        for key in keys
        if not _close(ours.get(key), theirs.get(key))
    ]


def _rows(ours: list[dict], theirs: list[dict], where: str, keys: list[str]) -> list[str]:
    problems = []
    if [r["group"] for r in ours] != [r["group"] for r in theirs]:
        return [f"{where}: groups differ"]
    for mine, base in zip(ours, theirs, strict=True):
        place = f"{where}[{mine['group']}]"
        if mine["suppressed"] != base["suppressed"]:
            problems.append(f"{place}.suppressed: {mine['suppressed']} != {base['suppressed']}")
        elif not mine["suppressed"]:
            problems += _differences(mine, base, keys, place)
            problems += _differences(
                mine["dimensions"], base["dimensions"], list(base["dimensions"]), place
            )
    return problems


def same_report(ours: dict, theirs: dict) -> list[str]:
    """Differences between `Report.to_dict()` and `baseline_report` (empty: the same)."""
    problems = []
    if ours["n"] != theirs["n"]:
        problems.append(f"n: {ours['n']} != {theirs['n']}")
    problems += _differences(
        ours["index"], theirs["index"], ["score", "ci_low", "ci_high", "p_below_target"], "index"
    )
    for mine, base in zip(ours["dimensions"], theirs["dimensions"], strict=True):
        where = f"dimensions[{base['id']}]"
        problems += _differences(mine, base, ["score", "ci_low", "ci_high", "alpha", "n"], where)
        for a, b in zip(mine["alpha_ci"], base["alpha_ci"], strict=True):
            if not _close(a, b, ALPHA_CI_TOLERANCE):
                problems.append(f"{where}.alpha_ci: {mine['alpha_ci']} != {base['alpha_ci']}")
    for mine, base in zip(ours["items"], theirs["items"], strict=True):
        keys = ["score", "favorable_pct", "item_total_r", "alpha_if_deleted", "n"]
        problems += _differences(mine, base, keys, f"items[{base['id']}]")
    for demographic, rows in theirs["breakdowns"].items():
        problems += _rows(ours["breakdowns"][demographic], rows, demographic, ["n", "index"])
    if "enps" in theirs and not _close(ours["enps"], theirs["enps"]):
        problems.append(f"enps: {ours['enps']} != {theirs['enps']}")
    drivers = {d["id"]: d["r"] for d in ours.get("drivers", [])}
    for item_id, r in theirs.get("drivers", {}).items():
        if not _close(drivers.get(item_id), r):
            problems.append(f"drivers[{item_id}]: {drivers.get(item_id)} != {r}")
    return problems


def same_units(ours: list[dict], theirs: list[dict]) -> list[str]:
    """Differences between `UnitReports.to_dict()["units"]` and `baseline_units`."""
    return _rows(ours, theirs, "units", ["n", "index", "ci_low", "ci_high"])
