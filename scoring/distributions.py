"""Student's t and Fisher's F distributions, without importing scipy.stats.

``import scipy.stats`` takes about half a second (it builds every
distribution); the report needs four functions of two of them. These are
the functions scipy.stats itself calls for them (``scipy.stats._continuous_distns``:
``t._cdf = stdtr(df, x)``, ``t._sf = stdtr(df, -x)``, ``t._ppf = stdtrit(df, q)``,
``f._isf = fdtri(dfn, dfd, 1 - q)``), from scipy.special, so every figure is
the same to the last bit; an invalid degree of freedom (df <= 0) gives NaN as
there. Tested against scipy.stats and against printed tables of t and F.

scipy.special itself takes a quarter of a second to import, so each function
imports it when first called: importing this module (and the report, which
imports it) costs nothing, and ``python -m scoring report`` imports SciPy in
a thread while it reads the response file (`scoring.cli`).
"""

from __future__ import annotations

__all__ = ["f_isf", "t_cdf", "t_ppf", "t_sf"]


def t_cdf(x, df):
    """P(T <= x) for Student's t with ``df`` degrees of freedom (scalars or arrays)."""
    from scipy import special

    return special.stdtr(df, x)


def t_sf(x, df):
    """P(T > x) = 1 - t_cdf(x, df), accurate in the upper tail."""
    from scipy import special

    return special.stdtr(df, -x)


def t_ppf(q, df):
    """The quantile: the x with t_cdf(x, df) = q, for 0 < q < 1."""
    from scipy import special

    return special.stdtrit(df, q)


def f_isf(q, dfn, dfd):
    """The upper quantile of Fisher's F(dfn, dfd): the x with P(F > x) = q."""
    from scipy import special

    return special.fdtri(dfn, dfd, 1.0 - q)
