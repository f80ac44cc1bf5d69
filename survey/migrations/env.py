"""Alembic environment: run by `survey.store` (first Store of a URL) on a given connection.

The caller opens the connection, takes the migration lock (BEGIN IMMEDIATE on
SQLite, an advisory lock on PostgreSQL) and commits, so two processes starting
at once run the migrations one after the other inside one transaction.
"""

from alembic import context

from survey.db import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
