"""Attack on the order codes are stored in: the list HR hands out against the database.

HR prints slips (or a CSV list it mail-merges) in the order `Store.issue_codes`
returns the codes, and may hand them out in that order (slip 1 to the first
desk, row 1 to the first e-mail). The threat model promises a database
administrator during a wave cannot tell which code a stored hash is without
the key held outside the database. If the hash rows lie in the heap in the
order of the list, the administrator needs no key: tuple i is slip i, and the
tuple a submission's transaction marks used (xmin, WAL) names the slip, hence
the person. PostgreSQL keeps a heap in insertion order; SQLite's code table is
clustered by hash (WITHOUT ROWID), so it is attacked too for the record.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text

from survey import codes
from survey.db import waves
from survey.store import Store

COUNT = 60


def _hashes_in_list_order(store: Store, wave: str, issued: list[str]) -> list[str]:
    """Ground truth (the test holds the key): the stored hash of each code, in list order."""
    with store._read() as connection:
        row = connection.execute(
            select(waves.c.code_scheme, waves.c.code_salt).where(waves.c.name == wave)
        ).one()
    key = store._key(row.code_scheme)
    return [
        codes.wave_hash(row.code_scheme, row.code_salt, codes.normalize(c) or "", key)
        for c in issued
    ]


def _storage_order(url: str) -> list[str]:
    """What the administrator reads without the key: hashes in the order they lie on disk."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                query = "SELECT code_hash FROM access_codes ORDER BY ctid"
            else:
                query = "SELECT code_hash FROM access_codes"  # the table's own (B-tree) order
            return [r[0] for r in connection.execute(text(query))]
    finally:
        engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_storage_order_does_not_name_a_slip(kind, request, store_survey) -> None:
    url = request.getfixturevalue("sqlite_url" if kind == "sqlite" else "pg_url")
    store = Store(url, store_survey)
    store.create_wave("2026-H1", "codes")
    issued = store.issue_codes("2026-H1", COUNT)
    truth = _hashes_in_list_order(store, "2026-H1", issued)
    on_disk = _storage_order(url)
    assert sorted(on_disk) == sorted(truth)
    # The attacker's guess: the i-th tuple on disk is the i-th slip.
    named = sum(1 for i, h in enumerate(on_disk) if truth[i] == h)
    # A random order matches about one position in expectation; 6 of 60 by chance
    # is far beyond a thousand to one.
    assert named <= 5, f"{named} of {COUNT} slips named by their tuple's position on disk"


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_closed_wave_keeps_no_time_of_a_code_entry(kind, request, store_survey) -> None:
    """The wrong-code counter holds the 15-minute window of the last mistyped code,
    often typed by a respondent moments before their answers: after the close it
    is a time of day tied to a submission, and nothing needs it any more."""
    from survey.store import CodeError

    url = request.getfixturevalue("sqlite_url" if kind == "sqlite" else "pg_url")
    store = Store(url, store_survey)
    store.create_wave("2026-H1", "codes")
    [code] = store.issue_codes("2026-H1", 1)
    store.open_wave("2026-H1")
    with pytest.raises(CodeError):
        store.submit("2026-H1", {"a1": 3}, "AAAA-AAAA")  # a typo, then the right code
    store.submit("2026-H1", {"a1": 3}, code)
    store.close_wave("2026-H1")
    with store._read() as connection:
        row = connection.execute(
            select(waves.c.code_window, waves.c.code_failures).where(waves.c.name == "2026-H1")
        ).one()
    assert (row.code_window, row.code_failures) == (0, 0)
