"""The app's strings: one TOML catalogue an area (``common.toml``, ``form.toml``, ...).

Importing this package loads every catalogue in it into the one table of
`scoring.messages`, so every string is there before a page asks for one; a new
area only adds its catalogue. Each entry is a table named by its key with a
``ko`` and an ``en`` template.
"""

from __future__ import annotations

from pathlib import Path

from scoring import messages

messages.load(Path(__file__).parent)
