"""stackplate: production-grade starter services, every option combination tested."""

__version__ = "0.1.0"
