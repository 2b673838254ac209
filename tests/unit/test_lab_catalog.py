"""The one lab catalogue and note -> lab index (labrunner.catalog.LabIndex over labs.registry.LabMeta)."""
from __future__ import annotations

import pytest

from labs.registry import LabMeta
from studyapp.labrunner import LabIndex, get_lab, lab_index, list_labs


def meta(lab_id: str, *notes: str) -> LabMeta:
    return LabMeta(id=lab_id, title=lab_id.title(), summary="", notes=notes)


def test_a_childs_own_labs_come_first_then_its_parents():
    index = LabIndex.build((meta("memory", "mem-1"), meta("distributed", "mem-1--zero-2"), meta("alpha", "a-1")))
    assert index.ids == ("alpha", "distributed", "memory")  # sorted by id
    assert index.lab_ids_for("mem-1") == ("memory",)
    assert index.lab_ids_for("mem-1--zero-2") == ("distributed", "memory")
    assert index.lab_ids_for("mem-1--other-3") == ("memory",)  # a child without a lab of its own
    assert index.lab_ids_for("mem-1--other-3--deeper-4") == ("memory",)
    assert index.lab_ids_for("nothing-5") == () and index.lab_for("nothing-5") is None
    assert index.lab_for("mem-1--zero-2").id == "distributed" and index.lab_id_for("mem-1") == "memory"
    assert index.titles() == {"alpha": "Alpha", "distributed": "Distributed", "memory": "Memory"}
    with pytest.raises(KeyError, match="unknown lab 'nope'; known: alpha, distributed, memory"):
        index.lab("nope")
    with pytest.raises(TypeError):
        index.by_note["x"] = ("memory",)  # shared between threads: read-only


def test_the_index_is_read_once_and_hands_out_the_registrys_type():
    assert lab_index() is lab_index()
    assert all(type(m) is LabMeta for m in list_labs()) and get_lab("lora") is lab_index().lab("lora")
    assert lab_index().lab_id_for("fda38b--params-ec0939") == "distributed"


def test_without_the_labs_package_the_index_is_empty_only_when_asked(monkeypatch):
    from studyapp.labrunner import LabsNotFound, catalog

    monkeypatch.setattr(catalog.importlib.util, "find_spec", lambda name: None)  # an install without labs/
    catalog._read_index.cache_clear()
    try:
        assert lab_index(missing_ok=True) == LabIndex()
        with pytest.raises(LabsNotFound):
            lab_index()
    finally:
        monkeypatch.undo()
        catalog._read_index.cache_clear()
    assert lab_index().labs
