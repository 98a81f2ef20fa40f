"""Keeping credentials out of a report that will be mailed around.

The scrubbing is octt_py/secrets.py's, for every output alike. The report's redactor knows what
the run's registry knows (when the report is written by ``octt run``), learns the secrets the
records show (AuthorizationKey values in frames, and those a results file kept with
``--keep-secrets`` lists), and scrubs every DUT string shown, so that ``octt report DIR`` on an
older results file is clean too.
"""

from __future__ import annotations

from octt_py.secrets import RUN, SECRET_KEYS, Secrets

__all__ = ["SECRET_KEYS", "Redactor"]


class Redactor(Secrets):
    """Learns secrets from records, then removes them (and the run's) from everything shown."""

    def __init__(self) -> None:
        super().__init__()
        self.extend(RUN)
