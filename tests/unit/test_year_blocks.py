"""Wide year tables split into blocks of years that fit the page (issue 9). Expected blocks are
worked out by hand: as even as possible, earlier blocks not shorter than later ones."""

from buig_analyse.report.html import year_blocks


def test_short_tables_stay_one_block():
    assert year_blocks([2015, 2016, 2017], 4) == [[2015, 2016, 2017]]
    assert year_blocks([], 4) == []


def test_ten_years_by_four_is_four_three_three():
    years = list(range(2015, 2025))
    assert year_blocks(years, 4) == [
        [2015, 2016, 2017, 2018],
        [2019, 2020, 2021],
        [2022, 2023, 2024],
    ]


def test_six_years_by_four_is_three_and_three_not_four_and_two():
    assert year_blocks(list(range(2016, 2022)), 4) == [[2016, 2017, 2018], [2019, 2020, 2021]]


def test_no_year_lost_or_repeated():
    for n in range(1, 25):
        for size in (3, 4, 5, 6):
            blocks = year_blocks(list(range(n)), size)
            assert [y for b in blocks for y in b] == list(range(n))
            assert max(len(b) for b in blocks) <= size


def test_years_in_a_heading():
    from buig_analyse.report.html import years_text

    assert years_text([2015, 2016, 2017]) == "2015, 2016, 2017"  # seed 000, heading 4.1
    assert years_text(list(range(2015, 2025))) == "2015–2024"
    assert years_text([2012, 2015, 2016, 2017, 2018]) == "2012, 2015–2018"
