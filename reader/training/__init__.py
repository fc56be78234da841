"""Offline tooling for reader.nlp: rebuilding the word lists, training and folding the CRF model,
evaluating it. Run as ``python -m reader.training.<module>``; the run-time code never imports
this package (tests/unit/test_layering.py checks it).
"""
