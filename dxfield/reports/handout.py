"""The per-visit handout (面談記録) the advisors leave at the town hall."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from .. import fiscal
from .blocks import (
    actions_table,
    assessment_panel,
    day_text,
    grid_table,
    key_value_table,
    note_blocks,
    when_text,
)
from .data import HandoutData
from .layout import (
    ISSUER,
    masthead,
    para,
    render,
    section,
    styles,
    table_style,
    text_block,
)

TITLE = "面談記録"


def method_and_place(method: str, place: str, sep: str) -> str:
    """「オンライン　オンライン（Zoom）」 reads as a stutter: a place that already names the
    method stands alone."""
    if not place:
        return method
    return place if place.startswith(method) else f"{method}{sep}{place}"


def _team_text(data: HandoutData) -> str:
    return "、".join(
        f"{m.name}（{m.role}{'・オンライン参加' if m.remote else ''}）" for m in data.team
    )


def _notes(data: HandoutData) -> list[Flowable]:
    st = styles()
    if not data.notes:
        message = (
            "この面談は予定されています。記録は実施後に作成します。"
            if data.status == "予定"
            else "この面談の記録はありません。"
        )
        return [para(message, st.body)]
    return note_blocks(data.notes)


def _next_visit(data: HandoutData) -> list[Flowable]:
    st = styles()
    nv = data.next_visit
    if nv is None:
        return [para("次回の日程は調整中です。", st.body)]
    where = f"（{method_and_place(nv.method, nv.location, '・')}）"
    return [para(f"{when_text(nv.starts_at, nv.ends_at)}　{nv.phase}{where}", st.body)]


def _contacts(data: HandoutData) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = []
    team = [m for m in data.team if m.email]
    if team:
        rows = [[m.name, m.role, m.email] for m in team]
        out.append(para("支援チーム", st.small))
        out.append(grid_table(["氏名", "役割", "メール"], rows, [40 * mm, 44 * mm, 90 * mm]))
        out.append(Spacer(1, 2 * mm))
    if data.contacts:
        rows = [
            [c.name, " ".join(filter(None, [c.department, c.title])), c.phone, c.email]
            for c in data.contacts
        ]
        out.append(para(f"{data.municipality} ご担当", st.small))
        out.append(
            grid_table(
                ["氏名", "所属・役職", "電話", "メール"],
                rows,
                [32 * mm, 58 * mm, 30 * mm, 54 * mm],
            )
        )
    if not out:
        out.append(
            para(f"ご不明な点は{ISSUER}の担当アドバイザーまでお問い合わせください。", st.body)
        )
    return out


def handout_story(data: HandoutData) -> list[Flowable]:
    """The handout's flowables; several handouts can be put in one file one after another."""
    st = styles()
    story: list[Flowable] = [
        *masthead(
            data.visit_id,
            f"{fiscal.fiscal_year_label(data.fiscal_year)}　{ISSUER}（よろず相談）",
            f"{TITLE}　{data.phase}",
        ),
        para(f"{data.municipality} 御中", st.subtitle),
        Spacer(1, 4 * mm),
        key_value_table(
            [
                ("市町村", f"{data.municipality}（団体コード {data.municipality_code}）"),
                ("日時", when_text(data.starts_at, data.ends_at)),
                ("相談区分", data.phase),
                ("実施方法", method_and_place(data.method, data.location, "　")),
                ("出席者（貴団体）", data.participants.replace("\n", "、")),
                ("出席者（支援チーム）", _team_text(data)),
            ]
        ),
    ]
    if data.agenda.strip():
        story += section("議題", text_block(data.agenda, st.body))
    story += section("面談の内容", _notes(data))
    story += section(
        "今後の対応（合意事項）",
        actions_table(data.actions, empty="この面談で合意した対応事項はありません。"),
    )
    story += section(
        f"アセスメントの状況（{fiscal.fiscal_year_label(data.fiscal_year)}）",
        assessment_panel(data.scores, year=data.fiscal_year),
    )
    if data.form_link is not None:
        story += section("アセスメントシートのご回答（Webフォーム）", _form_link(data))
    story += section("次回の予定", _next_visit(data))
    story += section("連絡先", _contacts(data))
    return story


def _form_link(data: HandoutData) -> list[Flowable]:
    from .form_link import qr_drawing

    st = styles()
    link = data.form_link
    text = [
        para(
            "スマートフォンでQRコードを読み取るか、下のアドレスをブラウザに入力してご回答"
            "ください。途中で保存でき、同じアドレスから別の方が続きを入力することもできます。",
            st.body,
        ),
        para(link.url, st.small),
    ]
    if link.expires:
        text.append(para(f"回答期限：{link.expires}", st.body))
    table = Table([[qr_drawing(link.url, 32), text]], colWidths=[36 * mm, None])
    table.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "TOP")))
    return [table]


def document_title(data: HandoutData) -> str:
    return f"{TITLE} {data.municipality} {data.starts_at:%Y-%m-%d} {data.phase}"


def render_handout(data: HandoutData, *, issued_on: date | None = None) -> bytes:
    return render(
        handout_story(data),
        title=document_title(data),
        issued_on=issued_on or date.today(),
    )


__all__ = ["day_text", "document_title", "handout_story", "render_handout"]
