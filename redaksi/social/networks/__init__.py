"""One module per network: each holds a `Client` (see redaksi/social/base.py) and nothing of Django."""
