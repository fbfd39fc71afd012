"""Subcommands of the ``baclotaper`` command line; each module has ``register(subparsers)``."""
