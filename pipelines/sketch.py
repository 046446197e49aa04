"""Story sketches: what the first test of `same_story` reads, so that storage can rule out a
chance candidate exactly, without reading its row and text: pure, no I/O.

Most LSH candidates stop at that test: both have a summary and the Jaccard similarity of
their text stems is under `text_threshold`. A sketch holds its inputs, so `sketch_overlap`
repeats it on two sketches alone:

    byte 0      the format, `FORMAT` (2)
    byte 1      flags: bit 0 "the text is kept" (the item has a summary)
    bytes 2-9   an 8-byte BLAKE2b digest of the title stems (same title stems: a re-slug)
    byte 10     how many text stems share their hash with another of the text (0-255)
    then        the text stems' distinct 32-bit hashes (`word_hash`), sorted, little-endian

about 130 bytes for 30 stems. The hashes can only raise the overlap, never lower it: a stem
both texts hold gives both the same hash, and common stems that share one hash are at most
the duplicates one side dropped, which count as common. Without collisions, which 32 bits
make rare (a 30-stem text has one in ~10 million; two texts share a chance hash one pair in
~5 million), the overlap is the Jaccard similarity `same_story` computes, to the bit.

Decoding is cheap on purpose: the new item's hashes become a set once (~2 µs), and each
candidate's are read in place with `struct` and looked up in it (~1.5 µs for 30 stems; the
row read and `same_story` it saves cost ~20 µs).

Sketches of format 1 (a has-text byte, the title digest and a byte of each of 36 MinHash
values, an estimate; stored before this format) and any other format cannot rule anything out.
They leave the window with their items, so no migration rewrites them.
"""

from __future__ import annotations

import hashlib
import struct
from functools import lru_cache

from pipelines.minhash import word_hash

__all__ = ["FORMAT", "sketch", "sketch_overlap"]

FORMAT = 2
_HEAD = 11  # format, flags, title digest, duplicates
_TEXT = 1  # flag: the text is kept (the item has a summary)
_NEW = 256  # new items' sketches kept decoded: a page's, with room


def sketch(title: frozenset[str], text: frozenset[str], *, summaried: bool) -> bytes:
    """The sketch of an item with the title stems `title` and the text stems `text` (title
    and summary); the text is kept only when `summaried`, since the test needs both summaries.
    Sorted, so that one text always gives the same bytes."""
    digest = hashlib.blake2b("\x1f".join(sorted(title)).encode(), digest_size=8).digest()
    if not summaried:
        return bytes((FORMAT, 0)) + digest + bytes(1)
    hashes = sorted({value >> 32 for value in map(word_hash, text)})
    duplicates = len(text) - len(hashes)
    if duplicates > 0xFF:  # some 1.5 million stems: kept as if it had no summary
        return bytes((FORMAT, 0)) + digest + bytes(1)
    return (
        bytes((FORMAT, _TEXT))
        + digest
        + bytes((duplicates,))
        + struct.pack(f"<{len(hashes)}I", *hashes)
    )


def sketch_overlap(new: bytes, stored: bytes) -> float:
    """At least the Jaccard similarity of two items' text stems, and equal to it unless stem
    hashes collide; 1.0 when the sketches cannot tell: either has no summary, their title stems
    are the same, or either is not of `FORMAT`. `new` is decoded once and kept (a page's
    items meet several candidates each), `stored` is read in place."""
    if new[0] != FORMAT or stored[0] != FORMAT or not new[1] & stored[1] & _TEXT:
        return 1.0
    if new[2:10] == stored[2:10]:
        return 1.0
    new_count, new_hashes = _decoded(new)
    hashes = struct.unpack_from(f"<{(len(stored) - _HEAD) >> 2}I", stored, _HEAD)
    # A common stem gives a common hash, and common stems that share a hash are at most the
    # duplicates one side dropped: `common` bounds the common stems from above, and the union
    # is the two counts less them, as `same_story`'s `len(a | b)`.
    common = len(new_hashes.intersection(hashes)) + min(new[10], stored[10])
    union = new_count + len(hashes) + stored[10] - common
    return common / union if union else 0.0


@lru_cache(maxsize=_NEW)
def _decoded(blob: bytes) -> tuple[int, frozenset[int]]:
    """How many stems a sketch stands for, and their hashes."""
    hashes = frozenset(struct.unpack_from(f"<{(len(blob) - _HEAD) >> 2}I", blob, _HEAD))
    return len(hashes) + blob[10], hashes
