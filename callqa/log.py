"""One named logger. Library code never installs handlers; the command line does."""

import logging

logger = logging.getLogger("callqa")
