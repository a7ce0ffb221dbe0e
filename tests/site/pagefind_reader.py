"""Read a Pagefind index without a browser: its files are gzip'd CBOR (or JSON) behind a
"pagefind_dcd" signature. Enough to look a word up the way pagefind.js does (exact stem)."""

from __future__ import annotations

import gzip
import json
import struct
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


def _payload(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE), f"{path.name} is not a Pagefind file"
    return data[len(SIGNATURE) :]


def decode_cbor(data: bytes) -> Any:
    value, end = _item(data, 0)
    assert end == len(data), "trailing bytes after the CBOR item"
    return value


def _length(data: bytes, pos: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, pos
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return int.from_bytes(data[pos : pos + size], "big"), pos + size


def _item(data: bytes, pos: int) -> tuple[Any, int]:
    major, info = data[pos] >> 5, data[pos] & 0x1F
    pos += 1
    if major == 7:
        if info in (20, 21, 22):
            return {20: False, 21: True, 22: None}[info], pos
        sizes = {25: (">e", 2), 26: (">f", 4), 27: (">d", 8)}
        fmt, size = sizes[info]
        return struct.unpack(fmt, data[pos : pos + size])[0], pos + size
    number, pos = _length(data, pos, info)
    if major == 0:
        return number, pos
    if major == 1:
        return -1 - number, pos
    if major == 2:
        return data[pos : pos + number], pos + number
    if major == 3:
        return data[pos : pos + number].decode("utf-8"), pos + number
    if major == 4:
        items = []
        for _ in range(number):
            item, pos = _item(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        mapping = {}
        for _ in range(number):
            key, pos = _item(data, pos)
            mapping[key], pos = _item(data, pos)
        return mapping, pos
    raise ValueError(f"unsupported CBOR major type {major}")


def pages_with_word(bundle: Path, word: str, language: str = "en") -> list[str]:
    """URLs of the pages of one language's index whose entry for `word` (a stem) exists, via
    meta -> index -> fragments. Pagefind keeps one index per `<html lang>`."""
    meta = decode_cbor(_payload(next(bundle.glob(f"pagefind.{language}_*.pf_meta"))))
    page_hashes = [page[0] for page in meta[1]]
    page_numbers: set[int] = set()
    chunks = [chunk[-1] for chunk in meta[2]]  # (first word, last word, file hash)
    for index_file in (bundle / "index" / f"{chunk}.pf_index" for chunk in chunks):
        for entry in decode_cbor(_payload(index_file))[0]:
            if entry[0] == word:
                number = 0
                for page in entry[1]:  # page numbers are stored as deltas from the previous one
                    number += page[0]
                    page_numbers.add(number)
    urls = []
    for number in sorted(page_numbers):
        fragment = bundle / "fragment" / f"{page_hashes[number]}.pf_fragment"
        urls.append(json.loads(_payload(fragment))["url"])
    return urls
