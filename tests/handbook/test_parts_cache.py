"""The cache of rendered parts (handbook/fragments.py: PartsCache) is bounded in bytes: it holds
every state page's parts at the bench's volume, and drops the least recently read first."""

from django.core.cache import caches

from handbook.fragments import PartsCache

# The parts of one state page at the bench's volume (30 contacts), in bytes, as pickled.
STATE_PAGE = (43_780, 62, 694, 741)


def _cache(max_bytes: int) -> PartsCache:
    cache = PartsCache(f"test-parts-{max_bytes}", {"OPTIONS": {"MAX_BYTES": max_bytes}})
    cache.clear()
    return cache


def test_every_state_page_in_both_languages_as_read_and_as_edited_is_kept():
    parts = caches["template_fragments"]
    keys = [
        (f"{code}-{language}-{edit}-{n}", size)
        for code in range(60)
        for language in ("en", "fr")
        for edit in (False, True)
        for n, size in enumerate(STATE_PAGE)
    ]
    for key, size in keys:
        parts.set(key, "x" * size)
    assert all(parts.get(key) == "x" * size for key, size in keys)  # 960 parts, 11 MB


def test_the_least_recently_read_part_goes_first():
    cache = _cache(3_500)
    for key in "abc":
        cache.set(key, key * 1_000)
    assert cache.get("a") == "a" * 1_000  # read: now the most recent
    cache.set("d", "d" * 1_000)
    assert [cache.get(k) is not None for k in "abcd"] == [True, False, True, True]
    assert cache.size <= 3_500


def test_a_part_replaced_or_deleted_gives_its_bytes_back():
    cache = _cache(10_000)
    cache.set("a", "a" * 4_000)
    cache.set("a", "b" * 1_000)
    cache.set("c", "c" * 1_000)
    cache.delete("c")
    assert 1_000 < cache.size < 1_100
    cache.clear()
    assert cache.size == 0 and cache.get("a") is None


def test_a_part_larger_than_the_bound_is_not_kept_and_drops_nothing():
    cache = _cache(2_000)
    cache.set("small", "s" * 500)
    cache.set("huge", "h" * 5_000)
    assert cache.get("huge") is None and cache.get("small") == "s" * 500
