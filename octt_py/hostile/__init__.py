"""The hostile-DUT catalogue: small websocket DUTs of both sides, each misbehaving one way, and
what the harness must make of each (``catalogue.py``); ``python -m octt_py.hostile`` runs it."""
