"""scoring.distributions gives scipy.stats' t and F figures, without importing scipy.stats."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from scoring.distributions import f_isf, t_cdf, t_ppf, t_sf

DFS = [0.5, 1, 2, 3, 9, 29, 100, 1e6, np.inf, 0, -1, np.nan]
XS = [-np.inf, -5.0, -1.96, 0.0, 0.3, 2.0, np.inf, np.nan]
QS = [1e-12, 0.025, 0.5, 0.975, 1.0, np.nan]


def _same(a: object, b: object) -> bool:
    return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))


@pytest.mark.parametrize("df", DFS)
def test_t_is_scipy_stats_to_the_last_bit(df: float) -> None:
    for x in XS:
        assert _same(t_cdf(x, df), stats.t.cdf(x, df)), (x, df)
        assert _same(t_sf(x, df), stats.t.sf(x, df)), (x, df)
    for q in QS:
        assert _same(t_ppf(q, df), stats.t.ppf(q, df)), (q, df)


def test_f_is_scipy_stats_to_the_last_bit() -> None:
    for dfn in (0, 1, 2, 5, 30, 1e5):
        for dfd in (0, 1, 2, 10, 1000, 1e7):
            for q in (0.0, *QS):
                assert _same(f_isf(q, dfn, dfd), stats.f.isf(q, dfn, dfd)), (q, dfn, dfd)


def test_arrays_as_the_report_passes_them() -> None:
    counts = np.array([1, 2, 5, 40, 1000])
    assert _same(t_ppf(0.975, counts - 1), stats.t.ppf(0.975, counts - 1))


def test_printed_tables() -> None:
    """Two-sided 5% critical values of t (Student's t table, e.g. NIST/SEMATECH
    e-Handbook of Statistical Methods, 1.3.6.7.2) and the upper 5% point of F
    (ibid., 1.3.6.7.3), to the table's three decimals."""
    assert t_ppf(0.975, 9) == pytest.approx(2.262, abs=5e-4)
    assert t_ppf(0.975, 30) == pytest.approx(2.042, abs=5e-4)
    assert f_isf(0.05, 5, 10) == pytest.approx(3.326, abs=5e-4)
    assert t_sf(2.262157, 9) == pytest.approx(0.025, abs=1e-6)


def test_the_report_does_not_import_scipy_stats() -> None:
    """Nor scipy.special until a figure needs it: the command line imports it
    in a thread while it reads the responses (scoring.cli)."""
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, scoring.report, scoring.youth;"
            " print(sorted({'scipy.stats', 'scipy.optimize', 'scipy.special'} & set(sys.modules)))",
        ],
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "[]"
