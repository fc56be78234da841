"""The words of a text, one model for every reader of them (pure Python; imports no other
reader package).

:mod:`reader.lang.words` holds the normalisation, folding and clitic rules;
:mod:`reader.lang.tokens` finds the words (tokens with offsets) and sentences of a text.
Extraction (``reader.nlp``) and search (``reader.store``) both build on them.
"""
