"""From new articles to reviewed, sourced claims: ``kg ingest`` and ``kg review``.

Modules: :mod:`~kg.ingest.reader` (text, Markdown, HTML), :mod:`~kg.ingest.metadata`,
:mod:`~kg.ingest.gazetteer` (entity linking), :mod:`~kg.ingest.extract` (claim rules),
:mod:`~kg.ingest.pipeline` (candidate files), :mod:`~kg.ingest.review` (accept, reject,
edit) and :mod:`~kg.ingest.evaluate` (precision and recall on the gold set). The rules
are data, in ``rules.yaml``. Nothing is imported here, so ``import kg.ingest`` stays cheap.
"""

from __future__ import annotations
