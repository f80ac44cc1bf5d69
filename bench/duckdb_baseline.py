"""The second baseline: the core report in SQL, as an analyst fluent in DuckDB writes it.

Written from METHOD.md, over DuckDB's ``read_csv`` of the response file, without
looking at `scoring`: the index with its t interval, the dimension scores with
theirs, every item's score and favorable share, Cronbach's alpha of each
dimension on its complete rows, and breakdowns by three demographics with the
suppression rule of METHOD.md (groups under k hidden, then the smallest shown
one while the hidden ones hold 1 to k-1). Only the t quantile comes from SciPy
(SQL has none). `compare` checks it against the project's report.

``python -m bench.duckdb_baseline RESPONSES.csv [--survey questions.yaml]``
prints the report as JSON, so it can be timed as a whole process.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from scoring.questionnaire import Survey, load_survey

__all__ = ["compare", "duckdb_report"]

BY = ("dept", "age_band", "grade")
TOLERANCE = 1e-6


def _item_score(survey: Survey, item) -> str:
    k = survey.points
    x = f'"{item.id}"'
    return f"100.0 * ({k} - {x}) / {k - 1}" if item.reverse else f"100.0 * ({x} - 1) / {k - 1}"


def _respondent_sql(survey: Survey, source: str, wave: str) -> str:
    """One row per respondent: item scores, dimension scores, the index, the demographics."""
    items = ", ".join(f'{_item_score(survey, i)} AS "s_{i.id}"' for i in survey.items)
    dims = []
    for d in survey.dimensions:
        scores = [f'"s_{i.id}"' for i in d.items]
        answered = " + ".join(f"({s} IS NOT NULL)::INT" for s in scores)
        total = " + ".join(f"coalesce({s}, 0)" for s in scores)
        need = math.ceil(len(d.items) / 2)
        dims.append(
            f'CASE WHEN {answered} >= {need} THEN ({total}) / ({answered}) END AS "d_{d.id}"'
        )
    weights = sum(d.weight for d in survey.dimensions)
    carried = " + ".join(f'({d.weight} * ("d_{d.id}" IS NOT NULL)::INT)' for d in survey.dimensions)
    weighted = " + ".join(f'{d.weight} * coalesce("d_{d.id}", 0)' for d in survey.dimensions)
    demographics = ", ".join(f'"{d.id}"' for d in survey.demographics)
    raw = ", ".join(f'"{i.id}"' for i in survey.items)
    return f"""
        WITH wave AS (SELECT * FROM {source} WHERE wave = '{wave}'),
        items AS (SELECT {demographics}, {raw}, {items} FROM wave),
        dims AS (SELECT *, {", ".join(dims)} FROM items)
        SELECT *, CASE WHEN {carried} >= {weights / 2 - 1e-9}
                  THEN ({weighted}) / ({carried}) END AS "index"
        FROM dims
    """


def _t(n: int) -> float:
    from scipy import stats

    return float(stats.t.ppf(0.975, n - 1)) if n >= 2 else math.nan


def _interval(mean: float, sd: float | None, n: int) -> dict:
    if n < 2 or sd is None:
        return {"score": mean, "ci_low": math.nan, "ci_high": math.nan, "n": n}
    half = _t(n) * sd / math.sqrt(n)
    return {"score": mean, "ci_low": mean - half, "ci_high": mean + half, "n": n}


def _suppress(sizes: list[int], k: int) -> list[bool]:
    hidden = [size < k for size in sizes]
    while 0 < sum(s for s, h in zip(sizes, hidden, strict=True) if h) < k:
        shown = [i for i, h in enumerate(hidden) if not h]
        if not shown:
            break
        hidden[min(shown, key=lambda i: sizes[i])] = True
    return hidden


def duckdb_report(
    survey: Survey, path: str, by: tuple[str, ...] = BY, k: int | None = None
) -> dict:
    """The core report of the latest wave in ``path`` (CSV or Parquet), computed by DuckDB."""
    import duckdb

    k = survey.min_group_size if k is None else k
    con = duckdb.connect()
    reader = "read_parquet" if path.endswith(".parquet") else "read_csv"
    types = ", ".join(
        f"'{c}': '{'DOUBLE' if c in {i.id for i in survey.items} else 'VARCHAR'}'"
        for c in (["wave"] + [d.id for d in survey.demographics] + [i.id for i in survey.items])
    )
    options = f", types={{{types}}}, header=true" if reader == "read_csv" else ""
    source = f"{reader}('{path}'{options})"
    wave = con.execute(f"SELECT max(wave) FROM {source}").fetchone()[0]
    con.execute(f"CREATE TEMP TABLE r AS {_respondent_sql(survey, source, wave)}")
    out: dict = {"wave": wave, "dimensions": [], "items": [], "breakdowns": {}}
    mean, sd, n = con.execute(
        'SELECT avg("index"), stddev_samp("index"), count("index") FROM r'
    ).fetchone()
    out["index"] = _interval(mean, sd, n)
    out["n"] = n
    high = survey.points - 1
    for d in survey.dimensions:
        mean, sd, n = con.execute(
            f'SELECT avg("d_{d.id}"), stddev_samp("d_{d.id}"), count("d_{d.id}") FROM r'
        ).fetchone()
        # Alpha on the rows that answered every item of the dimension (reverse items keyed).
        keyed = [f'({survey.points + 1} - "{i.id}")' if i.reverse else f'"{i.id}"' for i in d.items]
        complete = " AND ".join(f'"{i.id}" IS NOT NULL' for i in d.items)
        variances = ", ".join(f"var_samp({x})" for x in keyed)
        row = con.execute(
            f"SELECT {variances}, var_samp({' + '.join(keyed)}) FROM r WHERE {complete}"
        ).fetchone()
        m = len(d.items)
        alpha = m / (m - 1) * (1 - sum(row[:-1]) / row[-1]) if m > 1 and row[-1] else math.nan
        out["dimensions"].append({"id": d.id, **_interval(mean, sd, n), "alpha": alpha})
        for i, x in zip(d.items, keyed, strict=True):
            score, favorable, count = con.execute(
                f'SELECT avg("s_{i.id}"), 100.0 * avg(({x} >= {high})::INT), count("{i.id}")'
                f' FROM r WHERE "{i.id}" IS NOT NULL'
            ).fetchone()
            out["items"].append(
                {"id": i.id, "score": score, "favorable_pct": favorable, "n": count}
            )
    dims = ", ".join(f'avg("d_{d.id}")' for d in survey.dimensions)
    for name in by:
        order = [o.id for o in survey.demographic(name).options] + [None]
        rows = con.execute(
            f'SELECT "{name}", count(*), count("index"), avg("index"), {dims} FROM r GROUP BY 1'
        ).fetchall()
        found = {row[0]: row for row in rows}
        sizes = [found[g][1] if g in found else 0 for g in order]
        result = []
        for group, hidden in zip(order, _suppress(sizes, k), strict=True):
            if hidden:
                result.append({"group": group, "suppressed": True})
                continue
            row = found.get(group, (group, 0, 0, math.nan) + (math.nan,) * len(survey.dimensions))
            result.append(
                {
                    "group": group,
                    "suppressed": False,
                    "n": row[2],
                    "index": row[3],
                    "dimensions": {d.id: row[4 + j] for j, d in enumerate(survey.dimensions)},
                }
            )
        out["breakdowns"][name] = result
    con.close()
    return out


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _close(a: object, b: object) -> bool:
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) <= TOLERANCE * max(1.0, abs(float(b)))
    return a == b


def compare(ours: dict, theirs: dict) -> list[str]:
    """Differences between the project's report (``Report.to_dict()``) and this baseline."""
    problems = []

    def check(where: str, a: dict, b: dict, keys: tuple[str, ...]) -> None:
        for key in keys:
            if not _close(a.get(key), b.get(key)):
                problems.append(f"{where}.{key}: ours {a.get(key)!r}, duckdb {b.get(key)!r}")

    check("index", ours["index"], theirs["index"], ("score", "ci_low", "ci_high"))
    check("", ours, theirs, ("n",))
    for a, b in zip(ours["dimensions"], theirs["dimensions"], strict=True):
        check(f"dimension {b['id']}", a, b, ("score", "ci_low", "ci_high", "n", "alpha"))
    for a, b in zip(ours["items"], theirs["items"], strict=True):
        check(f"item {b['id']}", a, b, ("score", "favorable_pct", "n"))
    for name, rows in theirs["breakdowns"].items():
        for a, b in zip(ours["breakdowns"][name], rows, strict=True):
            where = f"{name} {b['group']}"
            check(where, a, b, ("group", "suppressed"))
            if not b["suppressed"] and not a["suppressed"]:
                check(where, a, b, ("n", "index"))
                check(where, a["dimensions"], b["dimensions"], tuple(b["dimensions"]))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.duckdb_baseline")
    parser.add_argument("responses")
    parser.add_argument(
        "--survey", default=str(Path(__file__).resolve().parent.parent / "questions.yaml")
    )
    args = parser.parse_args(argv)
    report = duckdb_report(load_survey(args.survey), args.responses)
    print(json.dumps(report, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
