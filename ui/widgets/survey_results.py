"""Survey results on screen: the headline, the Likert chart, choices and comments of one set
of results (a training, a kind, a municipality), and the year's results by kind as a table."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dxfield.surveys.results import SurveyResults, grouped_comments

from .. import labels
from .survey_chart import SurveyBarsWidget


class SurveyResultsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results: SurveyResults | None = None
        self.headline = QLabel()
        self.headline.setObjectName("survey_headline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.chart = SurveyBarsWidget()
        self.chart.setObjectName("survey_chart")
        self.choices = QLabel()
        self.choices.setWordWrap(True)
        self.comments_title = QLabel()
        self.comments = QListWidget()
        self.comments.setObjectName("survey_comments")
        self.comments.setWordWrap(True)
        self.comments.setMinimumHeight(160)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self.headline)
        inner.addWidget(self.chart)
        inner.addWidget(self.choices)
        inner.addWidget(self.comments_title)
        inner.addWidget(self.comments, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def set_results(self, results: SurveyResults | None) -> None:
        self.results = results
        self.comments.clear()
        if results is None or not results.responses:
            self.headline.setText(self.tr("アンケートの回答はまだありません。"))
            self.chart.set_items([], "")
            self.chart.setVisible(False)
            self.choices.clear()
            self.comments_title.clear()
            return
        self.chart.setVisible(True)
        rate = results.response_rate
        people = (
            self.tr("参加者 未集計")
            if results.attendees is None
            else self.tr("参加者 %1人").replace("%1", str(results.attendees))
        )
        rate_text = "—" if rate is None else f"{rate:.0%}"
        verdict = {
            True: self.tr("目標達成"),
            False: self.tr("目標未達"),
            None: "",
        }[results.meets_target]
        target = self.tr("目標 %1").replace("%1", f"{results.headline_target:.0%}")
        counts = (
            self.tr("回答 %1件　%2　回答率 %3")
            .replace("%1", str(results.responses))
            .replace("%2", people)
            .replace("%3", rate_text)
        )
        self.headline.setText(
            f"<p style='font-size:large'><b>{escape(results.headline_label)}: "
            f"{escape(results.headline.text())}</b>　{escape(target)} "
            f"<b>{escape(verdict)}</b></p><p>{escape(counts)}</p>"
        )
        self.chart.set_items(results.items)
        lines = []
        for item in results.items:
            if item.agree is None:
                counted = "、".join(f"{c.label} {c.count}" for c in item.choices if c.count)
                lines.append(f"{item.text}: {counted or '—'}")
        self.choices.setText("\n".join(lines))
        self.comments_title.setText(
            self.tr("自由記述（%1件）").replace("%1", str(len(results.comments)))
        )
        for group in grouped_comments(results.comments):
            towns = "、".join(group.municipalities)
            if group.count > 1:
                many = self.tr("%1件").replace("%1", str(group.count))
                towns = f"{many}：{towns}" if towns else many
            self.comments.addItem(f"{group.text}（{towns}）" if towns else group.text)


class YearSurveyTable(QTableWidget):
    """The year's survey results per kind of training, and the whole year in the last row."""

    COLUMNS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, self.COLUMNS, parent)
        self.setObjectName("year_survey")
        self.setHorizontalHeaderLabels(
            [
                self.tr("種類"),
                self.tr("回数"),
                self.tr("回答"),
                self.tr("回答率"),
                self.tr("変化を実感（95%信頼区間）"),
                self.tr("目標"),
            ]
        )
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)

    def set_results(self, by_kind: dict, whole: SurveyResults) -> None:
        rows = [(labels.training_kind(kind), r) for kind, r in by_kind.items()]
        rows.append((self.tr("年度計"), whole))
        self.setRowCount(len(rows))
        for row, (name, results) in enumerate(rows):
            rate = results.response_rate
            verdict = {True: self.tr("達成"), False: self.tr("未達"), None: "—"}[
                results.meets_target
            ]
            values = (
                name,
                str(results.trainings),
                str(results.responses),
                "—" if rate is None else f"{rate:.0%}",
                results.headline.text(),
                verdict,
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column in (1, 2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if row == len(rows) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(row, column, item)
