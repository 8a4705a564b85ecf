"""Everything drawn or written from disclosed figures: charts (:mod:`.charts`), maps (:mod:`.maps`), tables
(:mod:`.tables`) and the factsheet's words (:mod:`.narrative`).

Each of those four modules is the place to import from; the modules beside them hold parts they re-export: the charts
of demand to come (:mod:`.demand`), the descriptions of charts (:mod:`.descriptions`), figures as HTML
(:mod:`.embed`), the gap maps (:mod:`.gap_maps`) and their geometry (:mod:`.geometry`), the tables of a gap analysis
(:mod:`.gap_tables`); and the helpers the charts, maps and tables share: the look (:mod:`.style`), the rows drawn
(:mod:`.frames`), the classes of a map (:mod:`.shading`) and numbers as text (:mod:`.formatting`).
"""
from . import views  # registers the notebook views of disclosed frames and gap analyses

__all__ = ["views"]
