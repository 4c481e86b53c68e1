"""Printable worksheets: selection by a short sheet code, Markdown/HTML/Typst-PDF rendering, and paper self-grading.

``code`` packs the sheet options and a bank fingerprint into a typeable code; ``build`` turns options plus a
bank into a :class:`~dldrill.worksheets.build.Sheet`; ``markdown``, ``html`` and ``typst_source``/``pdf`` render
it; ``check`` grades answers written on paper against the regenerated key and records them.
"""
