"""The factsheet: which sections a folder supports (:mod:`.sections`), the shipped workbook and sample data
(:mod:`.resources`), HTML export and the index (:mod:`.html`), and the batch over many areas (:mod:`.batch`: the run,
with its manifest in :mod:`.manifest`, one area's papermill run in :mod:`.area`, the executors in :mod:`.workers` and
the periods in :mod:`.period`)."""

__all__: list[str] = []
