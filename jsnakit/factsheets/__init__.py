"""The factsheet: which sections a folder supports (:mod:`.sections`), the shipped workbook and sample data
(:mod:`.resources`), HTML export and the index (:mod:`.html`), and the batch over many areas (:mod:`.batch`)."""
