"""Unit tests of the survey package, one file per module (tests/survey/test_<module>.py)."""
