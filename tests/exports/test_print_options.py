from baclotaper.exports.pdf.render import PAPER_SIZES, SECTION_BUILDERS
from baclotaper.exports.print_options import PAPER_NAMES, SECTIONS


def test_the_light_option_lists_match_the_renderer() -> None:
    """The command line checks options without reportlab; the renderer must offer the same."""
    assert tuple(SECTION_BUILDERS) == SECTIONS
    assert tuple(PAPER_SIZES) == PAPER_NAMES
