"""Assessment entry and review: answers grouped by stage and domain, live scores.

The widget for each question follows its answer type. Scores are recomputed on every change
with the engine's pure ``score`` (no disk), and answers are saved in the background shortly
after each change. Review mode shows the same sheet read-only, for use during a meeting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dxfield.changes import Changes
from dxfield.enums import AnswerType, ResponseKind
from dxfield.errors import ValidationError
from dxfield.services.assessments import SheetData, load_sheet, save_answers

from .. import labels
from ..dialogs import Messages
from ..errors import message_for
from ..ops import Ops
from ..qtcompat import emit
from ..widgets.charts import HeatmapWidget
from ..widgets.picker import MunicipalityPicker
from .municipality import grid_from_score

SAVE_MS = 800


class AnswerWidget(QWidget):
    """One question's input; ``value()`` is what the engine accepts, None for no answer."""

    changed = Signal()
    promote_requested = Signal(str, str)  # question code, a line of a free-text answer

    def __init__(self, question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.code = question.code
        self._get: Callable[[], Any]
        self._set: Callable[[Any], None]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        kind = question.answer_type
        if kind in (AnswerType.SINGLE_CHOICE, AnswerType.YES_NO):
            combo = QComboBox()
            combo.addItem(self.tr("（未回答）"), None)
            if kind == AnswerType.YES_NO:
                combo.addItem(self.tr("はい"), True)
                combo.addItem(self.tr("いいえ"), False)
            else:
                for choice in question.choices:
                    combo.addItem(choice.label, choice.value)
            combo.currentIndexChanged.connect(lambda _i: emit(self.changed))
            layout.addWidget(combo)
            self.input = combo
            self._get = combo.currentData
            self._set = lambda v: combo.setCurrentIndex(max(0, combo.findData(v)))
        elif kind == AnswerType.MULTI_CHOICE:
            boxes = []
            for choice in question.choices:
                box = QCheckBox(choice.label)
                box.setProperty("value", choice.value)
                box.toggled.connect(lambda _on: emit(self.changed))
                layout.addWidget(box)
                boxes.append(box)
            self.input = boxes

            def get_multi() -> Any:
                chosen = [b.property("value") for b in boxes if b.isChecked()]
                return chosen or None

            def set_multi(value: Any) -> None:
                for b in boxes:
                    b.setChecked(b.property("value") in (value or []))

            self._get, self._set = get_multi, set_multi
        elif kind == AnswerType.NUMBER:
            edit = QLineEdit()
            edit.setValidator(QDoubleValidator())
            edit.setMaximumWidth(160)
            edit.textChanged.connect(lambda _t: emit(self.changed))
            row = QHBoxLayout()
            row.addWidget(edit)
            row.addWidget(QLabel(question.unit))
            row.addStretch()
            layout.addLayout(row)
            self.input = edit

            def get_number() -> Any:
                text = edit.text().strip()
                if not text:
                    return None
                try:
                    number = float(text)
                except ValueError:
                    return text  # the engine names the problem
                return int(number) if number.is_integer() else number

            self._get = get_number
            self._set = lambda v: edit.setText(
                "" if v is None else f"{v:g}" if isinstance(v, float) else str(v)
            )
        else:
            text = QPlainTextEdit()
            text.setMinimumHeight(70)
            text.setMaximumHeight(120)
            text.textChanged.connect(self.changed.emit)
            # A line of a free-text answer can become a need (ニーズ), as in the notes.
            text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            text.customContextMenuRequested.connect(
                lambda position: self._on_text_menu(text, position)
            )
            layout.addWidget(text)
            self.input = text
            self._get = lambda: text.toPlainText().strip() or None
            self._set = lambda v: text.setPlainText(v or "")
        self.message = QLabel()
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setVisible(False)
        layout.addWidget(self.message)

    def _on_text_menu(self, text: QPlainTextEdit, position) -> None:
        menu = text.createStandardContextMenu(position)
        text.setTextCursor(text.cursorForPosition(position))
        line = text.textCursor().block().text()
        menu.addSeparator()
        action = menu.addAction(self.tr("この行をニーズに登録"))
        action.setEnabled(bool(line.strip()))
        action.triggered.connect(lambda: emit(self.promote_requested, self.code, line))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(text.viewport().mapToGlobal(position))

    def value(self) -> Any:
        return self._get()

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        self._set(value)
        self.blockSignals(False)

    def set_read_only(self, on: bool) -> None:
        widgets = self.input if isinstance(self.input, list) else [self.input]
        for widget in widgets:
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(on)
            else:
                widget.setEnabled(not on)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


class AssessmentPage(QWidget):
    scores_changed = Signal(object)  # SheetScore

    def __init__(self, ops: Ops, navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._nav = navigator
        self._data: SheetData | None = None
        self._widgets: dict[str, AnswerWidget] = {}
        self._municipality_id: str | None = None
        self._kind = ResponseKind.BASELINE
        self.score = None
        self._saving = False
        self._dirty = False

        self.picker = MunicipalityPicker(ops, "assessment_municipality")
        self.picker.picked.connect(lambda town_id: self.show_response(town_id, self._kind))
        self.kind_group = QButtonGroup(self)
        self.baseline_button = QRadioButton(labels.response_kind(ResponseKind.BASELINE))
        self.evaluation_button = QRadioButton(labels.response_kind(ResponseKind.EVALUATION))
        self.baseline_button.setChecked(True)
        self.kind_group.addButton(self.baseline_button, 0)
        self.kind_group.addButton(self.evaluation_button, 1)
        self.kind_group.idClicked.connect(self._on_kind_clicked)
        self.review = QCheckBox(self.tr("閲覧モード（編集しない）"))
        self.review.toggled.connect(self._apply_mode)
        self.completeness = QProgressBar()
        self.completeness.setObjectName("completeness")
        self.completeness.setFormat(self.tr("回答 %v / %m"))
        self.completeness.setMaximumWidth(240)
        self.total = QLabel()
        self.total.setObjectName("total")
        self.save_state = QLabel()
        self.delete_button = QPushButton(self.tr("この回答を削除…"))
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addWidget(self.baseline_button)
        top.addWidget(self.evaluation_button)
        top.addSpacing(12)
        top.addWidget(self.review)
        top.addWidget(self.delete_button)
        top.addStretch()
        top.addWidget(self.save_state)
        top.addWidget(self.completeness)
        top.addWidget(self.total)

        self.heatmap = HeatmapWidget()
        self.heatmap.setObjectName("live_heatmap")
        self.heatmap.setMinimumHeight(240)
        self.heatmap.setMinimumWidth(520)  # four domain names side by side, unwrapped
        self.form = QWidget()
        self.form_layout = QVBoxLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        body = QHBoxLayout()
        body.addWidget(scroll, 4)
        side = QVBoxLayout()
        side.addWidget(self.heatmap)
        side.addStretch()
        body.addLayout(side, 3)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel { background: #fce8e6; color: #8c1d18; padding: 6px; }")
        self.banner.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_MS)
        self._timer.timeout.connect(self.save)
        navigator.year_changed.connect(lambda _y: self.reload())

    # -- choosing what to show ---------------------------------------------------------------

    def _on_kind_clicked(self, button_id: int) -> None:
        self.show_response(
            self._municipality_id, (ResponseKind.BASELINE, ResponseKind.EVALUATION)[button_id]
        )

    def show_response(self, municipality_id: str | None, kind: ResponseKind | None = None) -> None:
        if not municipality_id:
            return
        if self._dirty:
            self.save()
        self._municipality_id = municipality_id
        self._kind = kind or self._kind
        (
            self.baseline_button if self._kind == ResponseKind.BASELINE else self.evaluation_button
        ).setChecked(True)
        self.picker.select(municipality_id)
        self.reload()

    def reload(self) -> None:
        if not self._municipality_id:
            return
        town, year, kind = self._municipality_id, self._nav.year, self._kind
        self._ops.query(lambda s: load_sheet(s, town, year, kind), self._on_loaded, self._on_failed)

    def on_changes(self, changes: Changes) -> None:
        # Answers from elsewhere (a sync, an import) show; its own save, still in flight
        # when announced, does not reload the sheet under the typing.
        if changes.templates or (changes.assessments and not self._saving):
            self.reload()

    # -- the sheet ---------------------------------------------------------------------------

    def _on_loaded(self, data: SheetData) -> None:
        rebuild = self._data is None or self._data.definition != data.definition
        self._data = data
        self._dirty = False
        if rebuild:
            self._build(data.definition)
        for code, widget in self._widgets.items():
            widget.set_value(data.answers.get(code))
            widget.show_message("")
        self.banner.setVisible(False)
        self.save_state.setText(self.tr("新規") if data.response_id is None else "")
        self.delete_button.setEnabled(data.response_id is not None)
        self._rescore()
        self._apply_mode(self.review.isChecked())

    def _build(self, defn) -> None:
        while self.form_layout.count():
            item = self.form_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._widgets = {}
        groups: dict[tuple[str, str] | None, list] = {}
        for question in defn.questions:
            groups.setdefault(question.cell, []).append(question)
        order = [(s, d) for s, _ in defn.stages for d, _ in defn.domains]
        stage_label = dict(defn.stages)
        domain_label = dict(defn.domains)
        for cell in [*order, None]:
            questions = groups.get(cell)
            if not questions:
                continue
            title = (
                f"{stage_label[cell[0]]} × {domain_label[cell[1]]}" if cell else self.tr("自由記述")
            )
            box = QGroupBox(title)
            box_layout = QVBoxLayout(box)
            for question in questions:
                text = QLabel(
                    f"{question.code}　{question.text}"
                    + ("" if question.required else self.tr("（任意）"))
                )
                text.setWordWrap(True)
                if question.help:
                    text.setToolTip(question.help)
                widget = AnswerWidget(question)
                widget.setObjectName(f"answer_{question.code}")
                widget.changed.connect(self._on_answer_changed)
                widget.promote_requested.connect(self._on_promote)
                self._widgets[question.code] = widget
                box_layout.addWidget(text)
                box_layout.addWidget(widget)
                line = QFrame()
                line.setFrameShape(QFrame.Shape.HLine)
                line.setStyleSheet("color: #e0e0e0;")
                box_layout.addWidget(line)
            self.form_layout.addWidget(box)
        self.form_layout.addStretch()

    def answer_widget(self, code: str) -> AnswerWidget:
        return self._widgets[code]

    def answers(self) -> dict[str, Any]:
        return {code: w.value() for code, w in self._widgets.items() if w.value() is not None}

    def _rescore(self) -> bool:
        """Score what is on screen; mark invalid answers. False if some answer is invalid."""
        if self._data is None:
            return False
        from dxfield.assessment.engine import score

        answers = self.answers()
        defn = self._data.definition
        valid: dict[str, Any] = {}
        ok = True
        for code, value in answers.items():
            try:
                score(defn, {code: value})
            except ValidationError as exc:
                self._widgets[code].show_message(message_for(exc))
                ok = False
            else:
                self._widgets[code].show_message("")
                valid[code] = value
        self.score = score(defn, valid)
        self.heatmap.set_grid(grid_from_score(self.score, self.tr("点数による支援分類")))
        self.completeness.setMaximum(max(1, self.score.required))
        self.completeness.setValue(self.score.answered)
        self.total.setText(
            self.tr("合計 %1 / %2 点")
            .replace("%1", str(self.score.total))
            .replace("%2", str(self.score.total_max))
        )
        emit(self.scores_changed, self.score)
        return ok

    def _on_answer_changed(self) -> None:
        if self.review.isChecked():
            return
        self._dirty = True
        self.save_state.setText(self.tr("未保存"))
        if self._rescore():
            self._timer.start()

    def _apply_mode(self, review: bool) -> None:
        for widget in self._widgets.values():
            widget.set_read_only(review)

    def _on_promote(self, code: str, line: str) -> None:
        """Make a need of a line of a free-text answer (saved first, on the same writer)."""
        if self._data is None:
            return
        self.save()
        data = self._data

        def write(session):
            from dxfield.services import need_sources

            result = need_sources.promote_answer_line(
                session, data.municipality_id, data.year, data.kind, code, line
            )
            return need_sources.promoted_summary(session, result)

        def done(result) -> None:
            created, domain, themes = result
            text = (
                self.tr("ニーズに登録しました（%1）。")
                if created
                else self.tr("この行はすでにニーズに登録されています（%1）。")
            )
            self.save_state.setText(text.replace("%1", "／".join([domain, *themes])))

        self._ops.write(write, done, self._on_failed)

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> None:
        self._timer.stop()
        if self._data is None or not self._dirty:
            return
        if self._saving:
            self._timer.start()
            return
        data, answers = self._data, {code: w.value() for code, w in self._widgets.items()}
        self._dirty = False
        self._saving = True
        self.save_state.setText(self.tr("保存中…"))
        self._ops.write(
            lambda s: save_answers(s, data, answers), self._on_saved, self._on_save_failed
        )

    def _on_saved(self, _result) -> None:
        self._saving = False
        self.banner.setVisible(False)
        self.save_state.setText(self.tr("保存済み") if not self._dirty else self.tr("未保存"))

    def _on_save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self._dirty = True
        self.save_state.setText(self.tr("未保存"))
        self.banner.setText(message_for(exc))
        self.banner.setVisible(True)

    def _on_failed(self, exc: BaseException) -> None:
        self.banner.setText(message_for(exc))
        self.banner.setVisible(True)

    # -- deleting (to enter it again, or import a corrected file) ------------------------------

    def _on_delete_clicked(self) -> None:
        data = self._data
        if data is None or data.response_id is None or self._saving:
            return
        text = self.tr(
            "{0}年度の{1}の回答を削除しますか？削除した回答は、入力し直すか取り込み直せます。"
        ).format(data.year, labels.response_kind(data.kind))
        if not Messages.confirm(self, self.tr("回答の削除"), text):
            return
        from dxfield.services.assessments import delete_response

        self._timer.stop()
        self._dirty = False
        response_id = data.response_id
        self._ops.write(
            lambda s: delete_response(s, response_id), lambda _c: self.reload(), self._on_failed
        )


__all__ = ["AssessmentPage", "load_sheet", "save_answers"]
