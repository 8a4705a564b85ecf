"""Everything drawn or written from disclosed figures: charts (:mod:`.charts`), maps (:mod:`.maps`), tables
(:mod:`.tables`) and the factsheet's words (:mod:`.narrative`)."""
from . import views as _views  # noqa: F401 - registers the notebook views of disclosed frames and gap analyses
