"""Property tests: the chain hash sees every change; blobs and sniffing hold for any bytes."""

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.evidence.blobs import BlobStore
from dadkhah.evidence.sniff import sniff
from dadkhah.store import GENESIS, Head, canonical_json, entry_hash

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
entries = st.fixed_dictionaries(
    {
        "seq": st.integers(1, 10**6),
        "time": st.text(max_size=30),
        "actor": st.text(max_size=20),
        "action": st.sampled_from(["ingested", "captured", "purged"]),
        "object_id": st.text(max_size=30),
        "object_hash": st.none() | st.text("0123456789abcdef", min_size=64, max_size=64),
        "details": st.dictionaries(st.text(max_size=10), json_values, max_size=4),
    }
)


@given(entries, entries)
def test_different_entries_never_share_a_hash(a, b):
    ha = entry_hash(GENESIS, **a)
    hb = entry_hash(GENESIS, **b)
    assert (ha == hb) == (canonical_json(a) == canonical_json(b))


@given(entries, st.text("0123456789abcdef", min_size=64, max_size=64))
def test_the_previous_hash_is_part_of_every_hash(entry, prev):
    assert (entry_hash(prev, **entry) == entry_hash(GENESIS, **entry)) == (prev == GENESIS)


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=1, max_size=5000))
def test_blob_store_names_any_bytes_by_their_hash(tmp_path_factory, data):
    blobs = BlobStore(tmp_path_factory.mktemp("blobs"))
    stored = blobs.put_chunks([data[: len(data) // 2], data[len(data) // 2 :]])
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)
    assert blobs.path(stored.sha256).read_bytes() == data
    assert blobs.hash_of(stored.sha256) == stored.sha256


@given(st.binary(max_size=2000), st.none() | st.text(max_size=20))
def test_sniff_always_answers_a_media_type(data, name):
    assert "/" in sniff(data, name)


@given(st.integers(0, 10**9), st.text("0123456789abcdef", min_size=64, max_size=64))
def test_head_round_trips_through_text(count, digest):
    head = Head(count, digest)
    assert Head.parse(str(head)) == head
