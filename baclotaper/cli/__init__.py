"""The ``baclotaper`` command line: :mod:`main` parses and dispatches; each other module adds one
subcommand with ``register(subparsers)``."""
