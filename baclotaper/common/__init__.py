"""Helpers every room shares: paths, settings, atomic writes, clinical data loading, errors, numbers."""
