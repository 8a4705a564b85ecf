"""Readers of published files: one module per publisher (or per kind of file), each the public path of its readers.
The larger ones are split into modules by publication or task and re-export them: :mod:`.dfe` (``dfe_census``,
``dfe_sen2``, ``dfe_releases``, ``dfe_children_in_need``, ``dfe_neighbours``, ``dfe_counts``), :mod:`.lait`
(``lait_dictionary``, ``lait_codes``, ``lait_cells``), :mod:`.provision` (``oruk_frames``, ``oruk_schema``,
``oruk_records``, ``oruk_json``, ``oruk_csv``) and :mod:`.commissioning` (``need_mapping``; its vocabulary is
:mod:`jsnakit.core.vocabulary`).

Each reader takes a path and returns a tidy frame of :mod:`jsnakit.core.schema` (GSS codes, NaN plus ``note`` for
suppression symbols), or raises one :class:`jsnakit.core.errors.InputError` naming every bad cell. Publisher spellings,
DfE LA numbers and symbols exist only in here (docs/architecture.md, Conventions).
"""
from . import boundaries, commissioning, dfe, fingertips, lait, localities, mhclg, ons, provision, symbols, transitions

__all__ = ["dfe", "ons", "boundaries", "fingertips", "lait", "mhclg", "provision", "commissioning", "localities",
           "symbols", "transitions"]
