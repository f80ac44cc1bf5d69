"""The UI strings of every area, one module each (``common``, ``form``, ``signin``, ...).

Importing this package imports every module in it, so each one's `register`
call has run before a page asks for a string; a new area only adds its module.
"""

from __future__ import annotations

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
