"""Alembic migrations of the survey database, run in code by `survey.store`."""
