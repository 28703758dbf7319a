"""The secret key: a given key must be strong unless DEBUG; without one, one is generated once and reused."""

import stat

import pytest

from ntm.secret_key import WeakSecretKey, is_weak, resolve

STRONG = "kT3v9-QpZ8rW2xYbN6mLcHd4Js7UeFa1oGiRzVyXwBqPnMtKlEhCg"


def test_without_a_given_key_one_is_made_private_and_kept_for_the_next_start(tmp_path):
    store = tmp_path / "var" / "secret_key"
    first = resolve(None, store, debug=False)
    assert not is_weak(first) and len(first) >= 64
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert resolve("", store, debug=False) == first
    assert [p.name for p in store.parent.iterdir()] == ["secret_key"]  # no temporary file left behind


def test_two_stores_get_different_keys(tmp_path):
    assert resolve(None, tmp_path / "a", debug=False) != resolve(None, tmp_path / "b", debug=False)


def test_a_strong_given_key_is_used_as_it_is_and_nothing_is_written(tmp_path):
    assert resolve(STRONG, tmp_path / "secret_key", debug=False) == STRONG
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("weak", ["short-but-varied-key-0123456789", "ab" * 40, "django-insecure-" + STRONG])
def test_a_weak_given_key_is_refused_with_the_reason(tmp_path, weak):
    with pytest.raises(WeakSecretKey, match="NTM_SECRET_KEY is too weak"):
        resolve(weak, tmp_path / "secret_key", debug=False)


def test_debug_accepts_a_weak_key_for_local_experiments(tmp_path):
    assert resolve("dev", tmp_path / "secret_key", debug=True) == "dev"
