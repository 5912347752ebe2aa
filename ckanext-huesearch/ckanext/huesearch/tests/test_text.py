from __future__ import annotations

import pytest

from ckanext.huesearch.search.text import fold, tokens


@pytest.mark.parametrize("text, expected", [
    ("Trường học", "truong hoc"),
    ("Huế", "hue"),
    ("Đà Nẵng", "da nang"),
    ("đường", "duong"),
    ("NGỰ BÌNH", "ngu binh"),
    ("Quảng Điền", "quang dien"),
    ("ưỡ ặ ổ", "uo a o"),
])
def test_fold_strips_vietnamese_marks_and_case(text, expected):
    assert fold(text) == expected


def test_tokens_split_on_anything_but_letters_and_digits():
    assert tokens("data.hue.gov.vn/Trạm-y_tế PM2.5") == ["data", "hue", "gov", "vn", "tram", "y", "te", "pm2", "5"]


def test_decomposed_and_composed_input_give_the_same_tokens():
    import unicodedata

    composed = unicodedata.normalize("NFC", "Thừa Thiên Huế")
    decomposed = unicodedata.normalize("NFD", "Thừa Thiên Huế")
    assert tokens(composed) == tokens(decomposed) == ["thua", "thien", "hue"]
