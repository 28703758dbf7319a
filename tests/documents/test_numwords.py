"""Amounts in words: the readings an official checks first (không trăm, linh, mốt, lăm, tỷ repeated)."""

import pytest

from ntm.documents.numwords import amount_in_words, amount_in_words_sentence, number_to_words

CASES = [
    (0, "không"), (5, "năm"), (10, "mười"), (11, "mười một"), (15, "mười lăm"), (20, "hai mươi"),
    (21, "hai mươi mốt"), (24, "hai mươi bốn"), (25, "hai mươi lăm"), (55, "năm mươi lăm"), (100, "một trăm"),
    (101, "một trăm linh một"), (105, "một trăm linh năm"), (110, "một trăm mười"), (111, "một trăm mười một"),
    (115, "một trăm mười lăm"), (121, "một trăm hai mươi mốt"), (505, "năm trăm linh năm"),
    (1000, "một nghìn"), (1005, "một nghìn không trăm linh năm"), (1025, "một nghìn không trăm hai mươi lăm"),
    (1500, "một nghìn năm trăm"), (10_000, "mười nghìn"), (1_000_005, "một triệu không trăm linh năm"),
    (1_010_101, "một triệu không trăm mười nghìn một trăm linh một"),
    (5_025_110, "năm triệu không trăm hai mươi lăm nghìn một trăm mười"),
    (1_000_000_000, "một tỷ"), (1_505_555_005, "một tỷ năm trăm linh năm triệu năm trăm năm mươi lăm nghìn "
                                               "không trăm linh năm"),
    (217_000_000, "hai trăm mười bảy triệu"), (212_856_000, "hai trăm mười hai triệu tám trăm năm mươi sáu nghìn"),
    (5_250_000_000, "năm tỷ hai trăm năm mươi triệu"), (14_808_000_000, "mười bốn tỷ tám trăm linh tám triệu"),
    (66_791_009_000, "sáu mươi sáu tỷ bảy trăm chín mươi mốt triệu không trăm linh chín nghìn"),
    (206_852_009_000, "hai trăm linh sáu tỷ tám trăm năm mươi hai triệu không trăm linh chín nghìn"),
    (64_840_000_000, "sáu mươi bốn tỷ tám trăm bốn mươi triệu"),
    (3_392_000_000, "ba tỷ ba trăm chín mươi hai triệu"),
    (10**12, "một nghìn tỷ"), (10**12 + 5, "một nghìn tỷ không trăm linh năm"), (10**18, "một tỷ tỷ"),
]


@pytest.mark.parametrize(("amount", "words"), CASES)
def test_amount_reads_as_an_official_writes_it(amount, words):
    assert number_to_words(amount) == words


def test_at_least_thirty_amounts_are_checked():
    assert len(CASES) >= 30


def test_money_gets_dong_and_the_bracketed_form_a_capital():
    assert amount_in_words(66_791_009_000) == ("sáu mươi sáu tỷ bảy trăm chín mươi mốt triệu không trăm linh "
                                              "chín nghìn đồng")
    assert amount_in_words_sentence(5_250_000_000) == "(Năm tỷ hai trăm năm mươi triệu đồng)"
