"""Storyline: a sourced, dated record of who did what to whom, where, according to whom, from news articles."""

from storyline.api import IngestReport, ingest, sample_corpus_path
from storyline.store import Store

__all__ = ["IngestReport", "Store", "ingest", "sample_corpus_path"]
__version__ = "0.1.0"
