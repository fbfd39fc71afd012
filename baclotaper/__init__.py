"""BacloTaper: plans a gradual withdrawal of baclofen. Every plan is a draft for a prescriber to review."""

__version__ = "0.1.0"
