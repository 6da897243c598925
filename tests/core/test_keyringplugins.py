"""The list of keyring's entry points kept between starts: loaded as importlib_metadata
loads an entry point, and never taken where what it was read from cannot be stamped."""

from __future__ import annotations

import sys

import pytest
from keyring.compat.py312 import metadata

from dxfield import keyringplugins
from dxfield.keyringplugins import Plugin


@pytest.mark.parametrize(
    "value",
    [
        "keyring.backends.fail",
        "keyring.backends.fail:Keyring",
        "keyring.backends.fail : Keyring.priority",
        "keyring.backends.fail:Keyring [extra]",
    ],
)
def test_a_plugin_loads_as_an_entry_point_loads(value):
    ep = metadata.EntryPoint(name="x", value=value, group=keyringplugins.GROUP)
    plugin = Plugin("x", value)
    assert plugin.module == ep.module
    assert plugin.load() is ep.load()


def test_a_malformed_value_fails_to_load_as_keyring_would_log_it():
    plugin = Plugin("x", "not a module!")
    assert plugin.module is None
    with pytest.raises(ValueError):
        plugin.load()


def test_the_stamp_follows_the_metadata_folders_on_the_path(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    empty = keyringplugins.stamp()
    assert keyringplugins.stamp() == empty
    info = tmp_path / "some_plugin-1.0.dist-info"
    info.mkdir()
    installed = keyringplugins.stamp()
    (info / "entry_points.txt").write_text("[keyring.backends]\nx = some_plugin\n")
    listed = keyringplugins.stamp()
    (tmp_path / "some_module.py").write_text("")  # not metadata: the list cannot change
    assert len({empty, installed, listed}) == 3
    assert keyringplugins.stamp() == listed


def test_nothing_is_kept_where_another_finder_lists_distributions(monkeypatch):
    class Finder:
        def find_spec(self, *args):
            return None

        def find_distributions(self, *args, **kwargs):
            return iter(())

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder()])
    assert keyringplugins.stamp() is None
    keyringplugins.plugins()
    assert not keyringplugins.kept_path().exists()


def test_a_kept_list_is_taken_only_with_its_stamp():
    kept = [Plugin("only", "keyring.backends.null")]
    keyringplugins._write(keyringplugins.stamp(), kept)
    assert keyringplugins.plugins() == kept
    keyringplugins._write("another stamp", kept)
    assert keyringplugins.plugins() != kept
