"""dadkhah: preserved sources, sourced facts, reconciled figures, linked lists, honest totals."""

__version__ = "0.1.0"

__all__ = ["__version__"]
