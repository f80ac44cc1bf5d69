"""The application: storage, sign-in, the command line and the pages' logic.

Importing the package loads the app's string catalogues (`survey.text`), so
every module's messages are there whichever module is used first.
"""

import survey.text  # noqa: F401
