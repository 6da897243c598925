"""The proposal draft as a PDF: the same blocks as the Word document, in the reports' A4
layout (IPAexGothic embedded, 和暦, black and white)."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from ..needs.proposal import ProposalContent
from .blocks import grid_table
from .layout import CONTENT_WIDTH, masthead, para, render, section, styles
from .proposal_text import Block, Bullets, Grid, Heading, Para, draft_document


def _flowables(block: Block) -> list[Flowable]:
    st = styles()
    if isinstance(block, Para):
        text = f"［{block.text}］" if block.placeholder else block.text
        return [para(text, st.small if block.small or block.placeholder else st.body)]
    if isinstance(block, Bullets):
        return [para(f"・{item}", st.body) for item in block.items]
    if isinstance(block, Grid):
        widths = [CONTENT_WIDTH * w for w in block.widths]
        table = grid_table(block.header, block.rows, widths, right_columns=block.right)
        return [table, Spacer(1, 2 * mm)]
    raise TypeError(block)


def proposal_story(content: ProposalContent, *, issued_on: date, label: str = "") -> list[Flowable]:
    doc = draft_document(content, issued_on=issued_on, label=label)
    st = styles()
    story: list[Flowable] = [
        *masthead(f"proposal:{content.fiscal_year}", doc.subtitle, doc.title),
        Spacer(1, 2 * mm),
    ]
    heading: str | None = None
    body: list[Flowable] = []

    def close() -> None:
        if heading is not None:
            story.extend(section(heading, body))
        else:
            story.extend(body)

    for block in doc.blocks:
        if isinstance(block, Heading) and block.level < 3:
            close()
            heading, body = block.text, []
        elif isinstance(block, Heading):
            # A part of a measure: its title stays with the part's first lines.
            title = para(f"■ {block.text}", st.body)
            title.keepWithNext = True
            body += [Spacer(1, 1 * mm), title]
        else:
            body += _flowables(block)
    close()
    return story


def render_proposal(content: ProposalContent, *, issued_on: date, label: str = "") -> bytes:
    return render(
        proposal_story(content, issued_on=issued_on, label=label),
        title=content.title,
        issued_on=issued_on,
    )
