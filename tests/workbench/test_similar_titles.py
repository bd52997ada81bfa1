"""Merge candidates: titles that share the most characters come first."""

from workbench.similar import overlap


def test_boilerplate_characters_do_not_count():
    assert overlap("关于加强的建议", "关于推进的建议") == 0.0


def test_titles_on_the_same_subject_overlap_more_than_unrelated_ones():
    subject = "关于郑州地铁线网建设提速的建议"
    assert overlap(subject, "关于加快郑州地铁线网建设的建议") > overlap(subject, "关于加强食品安全监管的建议")
