"""Readers of published files: one module per publisher.

Each reader takes a path and returns a tidy frame of :mod:`jsnakit.core.schema` (GSS codes, NaN plus ``note`` for
suppression symbols), or raises one :class:`jsnakit.core.errors.InputError` naming every bad cell. Publisher spellings,
DfE LA numbers and symbols exist only in here (CONVENTIONS.md habit 4).
"""
from . import boundaries, commissioning, dfe, fingertips, lait, localities, mhclg, ons, provision, symbols, transitions

__all__ = ["dfe", "ons", "boundaries", "fingertips", "lait", "mhclg", "provision", "commissioning", "localities", "symbols",
           "transitions"]
