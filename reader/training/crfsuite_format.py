"""Reading and writing CRFsuite model files (the 1st-order "FOMC" format python-crfsuite
trains and tags with), so a trained model can be rewritten with extra attributes.

A model file is a 48-byte header, then chunks the header points at: the features (type,
source, destination, weight), the label and attribute names (each a CQDB: a constant hash
table keyed by lookup3's ``hashlittle``), and per label and per attribute the ids of the
features that start there. All integers are little-endian. Layout as in CRFsuite's
``crf1d_model.c`` and ``cqdb.c`` (BSD licence, Naoaki Okazaki).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = struct.Struct("<IIId")
_CHUNK = struct.Struct("<4sII")
_CQDB_HEADER = struct.Struct("<4sIIIII")
_CQDB_TABLES = 256
_CQDB_DATA = _CQDB_HEADER.size + 8 * _CQDB_TABLES
_BYTE_ORDER_CHECK = 0x62445371
_MASK = 0xFFFFFFFF
STATE, TRANSITION = 0, 1


@dataclass
class CrfModel:
    """A linear-chain CRF: label and attribute names, transition weights
    ``(from, to, weight)`` per source label, and state weights ``(label, weight)`` per
    attribute, each list in the model's own order (the order CRFsuite adds them in)."""

    labels: list[str]
    attributes: list[str]
    transitions: list[list[tuple[int, float]]] = field(default_factory=list)
    states: list[list[tuple[int, float]]] = field(default_factory=list)


def hashlittle(data: bytes, initval: int = 0) -> int:
    """Bob Jenkins' lookup3 ``hashlittle`` (the hash CQDB files are keyed by)."""
    length = len(data)
    a = b = c = (0xDEADBEEF + length + initval) & _MASK
    if length == 0:
        return c
    padded = data + b"\0" * (-length % 12)
    blocks = len(padded) // 12
    words = struct.unpack(f"<{3 * blocks}I", padded[:12 * blocks])
    for i in range(0, 3 * (blocks - 1), 3):
        a, b, c = _mix((a + words[i]) & _MASK, (b + words[i + 1]) & _MASK,
                       (c + words[i + 2]) & _MASK)
    last = 3 * (blocks - 1)
    return _final((a + words[last]) & _MASK, (b + words[last + 1]) & _MASK,
                  (c + words[last + 2]) & _MASK)


def _rot(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & _MASK


def _mix(a: int, b: int, c: int) -> tuple[int, int, int]:
    a = ((a - c) & _MASK) ^ _rot(c, 4)
    c = (c + b) & _MASK
    b = ((b - a) & _MASK) ^ _rot(a, 6)
    a = (a + c) & _MASK
    c = ((c - b) & _MASK) ^ _rot(b, 8)
    b = (b + a) & _MASK
    a = ((a - c) & _MASK) ^ _rot(c, 16)
    c = (c + b) & _MASK
    b = ((b - a) & _MASK) ^ _rot(a, 19)
    a = (a + c) & _MASK
    c = ((c - b) & _MASK) ^ _rot(b, 4)
    b = (b + a) & _MASK
    return a, b, c


def _final(a: int, b: int, c: int) -> int:
    c = ((c ^ b) - _rot(b, 14)) & _MASK
    a = ((a ^ c) - _rot(c, 11)) & _MASK
    b = ((b ^ a) - _rot(a, 25)) & _MASK
    c = ((c ^ b) - _rot(b, 16)) & _MASK
    a = ((a ^ c) - _rot(c, 4)) & _MASK
    b = ((b ^ a) - _rot(a, 14)) & _MASK
    return ((c ^ b) - _rot(b, 24)) & _MASK


def read_model(data: bytes) -> CrfModel:
    """The model in the bytes of a CRFsuite model file."""
    (magic, _, kind, _, _, num_labels, num_attrs, off_features, off_labels, off_attrs,
     off_labelrefs, off_attrrefs) = _HEADER.unpack_from(data)
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError("not a CRFsuite 1st-order model file")
    # The feature count is read from the chunk: CRFsuite leaves the header's count at 0.
    _, _, num_features = _CHUNK.unpack_from(data, off_features)
    start = off_features + _CHUNK.size
    features = list(_FEATURE.iter_unpack(data[start:start + _FEATURE.size * num_features]))
    model = CrfModel(_cqdb_names(data, off_labels, num_labels),
                     _cqdb_names(data, off_attrs, num_attrs))
    model.transitions = [[(dst, weight) for _, _, dst, weight in
                          (features[fid] for fid in _refs(data, off_labelrefs, label))]
                         for label in range(num_labels)]
    model.states = [[(dst, weight) for _, _, dst, weight in
                     (features[fid] for fid in _refs(data, off_attrrefs, attr))]
                    for attr in range(num_attrs)]
    return model


def _refs(data: bytes, chunk: int, index: int) -> tuple[int, ...]:
    (offset,) = struct.unpack_from("<I", data, chunk + _CHUNK.size + 4 * index)
    (count,) = struct.unpack_from("<I", data, offset)
    return struct.unpack_from(f"<{count}I", data, offset + 4)


def _cqdb_names(data: bytes, begin: int, count: int) -> list[str]:
    chunk, _, _, order, _, bwd_offset = _CQDB_HEADER.unpack_from(data, begin)
    if chunk != b"CQDB" or order != _BYTE_ORDER_CHECK:
        raise ValueError("damaged CRFsuite model: bad name table")
    names = []
    for record in struct.unpack_from(f"<{count}I", data, begin + bwd_offset):
        (size,) = struct.unpack_from("<I", data, begin + record + 4)
        start = begin + record + 8
        names.append(data[start:start + size - 1].decode("utf-8"))
    return names


def write_model(model: CrfModel) -> bytes:
    """The bytes of a CRFsuite model file holding ``model``."""
    features: list[bytes] = []
    label_refs = []
    for source, row in enumerate(model.transitions):
        label_refs.append(range(len(features), len(features) + len(row)))
        features.extend(_FEATURE.pack(TRANSITION, source, dst, w) for dst, w in row)
    attr_refs = []
    for attr, row in enumerate(model.states):
        attr_refs.append(range(len(features), len(features) + len(row)))
        features.extend(_FEATURE.pack(STATE, attr, dst, w) for dst, w in row)
    out = bytearray(_HEADER.size)
    off_features = len(out)
    out += _CHUNK.pack(b"FEAT", _CHUNK.size + _FEATURE.size * len(features), len(features))
    out += b"".join(features)
    off_labels = len(out)
    out += _cqdb(model.labels)
    off_attrs = len(out)
    out += _cqdb(model.attributes)
    off_labelrefs = _append_refs(out, b"LFRF", label_refs)
    off_attrrefs = _append_refs(out, b"AFRF", attr_refs)
    _HEADER.pack_into(out, 0, b"lCRF", len(out), b"FOMC", 100, len(features),
                      len(model.labels), len(model.attributes), off_features, off_labels,
                      off_attrs, off_labelrefs, off_attrrefs)
    return bytes(out)


def _append_refs(out: bytearray, chunk: bytes, refs: list[range]) -> int:
    out += b"\0" * (-len(out) % 4)
    begin = len(out)
    offsets = []
    position = begin + _CHUNK.size + 4 * len(refs)
    for ids in refs:
        offsets.append(position)
        position += 4 + 4 * len(ids)
    out += _CHUNK.pack(chunk, position - begin, len(refs))
    out += struct.pack(f"<{len(offsets)}I", *offsets)
    for ids in refs:
        out += struct.pack(f"<I{len(ids)}I", len(ids), *ids)
    return begin


def _cqdb(names: list[str]) -> bytes:
    """A CQDB of ``names`` (id = position), as CRFsuite's ``cqdb_writer`` lays it out."""
    records = bytearray()
    tables: list[list[tuple[int, int]]] = [[] for _ in range(_CQDB_TABLES)]
    backward = []
    for index, name in enumerate(names):
        key = name.encode("utf-8") + b"\0"
        hashed = hashlittle(key)
        offset = _CQDB_DATA + len(records)
        tables[hashed % _CQDB_TABLES].append((hashed, offset))
        backward.append(offset)
        records += struct.pack("<iI", index, len(key)) + key
    buckets = bytearray()
    refs = []
    for table in tables:
        size = 2 * len(table)
        refs.append((_CQDB_DATA + len(records) + len(buckets) if table else 0, size))
        slots = [(0, 0)] * size
        for hashed, offset in table:
            k = (hashed >> 8) % size
            while slots[k][1]:
                k = (k + 1) % size
            slots[k] = (hashed, offset)
        buckets += b"".join(struct.pack("<II", *slot) for slot in slots)
    bwd_offset = _CQDB_DATA + len(records) + len(buckets)
    size = bwd_offset + 4 * len(backward)
    header = _CQDB_HEADER.pack(b"CQDB", size, 0, _BYTE_ORDER_CHECK, len(backward),
                               bwd_offset if backward else 0)
    table_refs = b"".join(struct.pack("<II", *ref) for ref in refs)
    return header + table_refs + bytes(records) + bytes(buckets) + struct.pack(
        f"<{len(backward)}I", *backward)
