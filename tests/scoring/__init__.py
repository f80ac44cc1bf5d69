"""Unit tests of the scoring package, one file per module (tests/scoring/test_<module>.py)."""
