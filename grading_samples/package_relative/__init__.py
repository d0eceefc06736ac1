"""A package of three modules, as a student may lay out a project: relative imports."""

from .core import Embedder

__all__ = ["Embedder"]
