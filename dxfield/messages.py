"""What dxfield says to people about a rule or a file, keyed by stable codes.

A rule or an importer says *which* message with a ``Message`` (a code and its parameters);
the words live here once, in Japanese (the default) and English, for the CLI, the app and
the importer's problem list alike. A layer that shows a message looks it up by its code,
never by the wording of another layer. ``tests/core/test_messages.py`` fails when a code has
no Japanese text or a template names a parameter nobody gives.

Templates are ``str.format`` strings over the message's parameters; the English ones may use
``!r`` (``'生成AI;'``), the Japanese ones quote with 「」.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("ja", "en")

# code -> (Japanese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- an error by its ``code`` (dxfield.errors): the CLI's short title (「エラー: title:
    # detail」) and the app's sentence saying what the user can do; looked up by ``by_code``
    "title.validation": ("入力内容に誤りがあります", "the input is not valid"),
    "title.not_found": ("見つかりません", "not found"),
    "title.duplicate": ("すでに登録されています", "already registered"),
    "title.database": ("データベースのエラーです", "database error"),
    "title.database_corrupt": (
        "データベースファイルが壊れているか、dxfield のファイルではありません",
        "the database file is damaged or not a dxfield file",
    ),
    "title.database_foreign": ("dxfield のデータではないファイルです", "not a dxfield data file"),
    "title.file_unreadable": ("ファイルを読み取れません", "the file cannot be read"),
    "title.backup": ("バックアップを書き込めません", "the backup cannot be written"),
    "title.store_key": (
        "データファイルを開けません（暗号化の鍵・パスフレーズが違うか、ないか、ファイルが"
        "壊れています）。何も変更していません",
        "the data file cannot be opened (the encryption key or passphrase is wrong or "
        "missing, or the file is damaged); nothing was changed",
    ),
    "title.store_key_unavailable": (
        "暗号化の鍵がありません（OS のキーリングが使えず、パスフレーズも入力されていません）。"
        "何も変更していません",
        "there is no encryption key (no usable system keyring and no passphrase given); "
        "nothing was changed",
    ),
    "title.encryption_unavailable": (
        "この環境では暗号化を使えません（SQLCipher がありません）",
        "encryption is not available here (no SQLCipher)",
    ),
    "title.database_newer": (
        "新しいバージョンの dxfield で作成されたデータベースです",
        "the database was written by a newer dxfield",
    ),
    "title.database_locked": (
        "データベースが他のプログラムに使用されています",
        "another program is using the database",
    ),
    "title.database_readonly": (
        "データベースファイルに書き込めません",
        "the database file cannot be written",
    ),
    "title.disk_full": ("ディスクの空き容量が不足しています", "the disk is full"),
    "title.data_dir": ("データフォルダーを使用できません", "the data folder cannot be used"),
    "title.resource": (
        "インストールが不完全です（同梱ファイルがありません）",
        "the installation is incomplete (a bundled file is missing)",
    ),
    "title.import": ("取り込めないデータがあります", "the data cannot be imported"),
    "title.report": ("帳票（PDF）を作成できません", "the report (PDF) cannot be made"),
    "title.export": ("ファイルを書き出せません", "the file cannot be written"),
    "title.unsynced_changes": ("未同期の変更があります", "there are unsynced changes"),
    "error.store_key": (
        "データファイルを開けません。暗号化の鍵またはパスフレーズが違うか、"
        "ファイルが壊れています。何も変更していません。",
        "The data file cannot be opened: the encryption key or passphrase is wrong, or the "
        "file is damaged. Nothing was changed.",
    ),
    "error.store_key_unavailable": (
        "暗号化の鍵がありません。OSのキーリングが使えず、パスフレーズも入力されていません。"
        "何も変更していません。",
        "There is no encryption key: the system keyring is not available and no passphrase "
        "was given. Nothing was changed.",
    ),
    "error.encryption_unavailable": (
        "この環境では暗号化を使えません（SQLCipherがありません）。",
        "Encryption is not available on this computer (SQLCipher is missing).",
    ),
    "error.database_locked": (
        "データベースが他のプログラムに使われていて保存できません。入力した内容はそのまま残っています。しばらくしてから自動で再試行します。",
        "Another program is using the database, so it could not be saved. What you typed is still there. dxfield will retry shortly.",
    ),
    "error.database_readonly": (
        "データベースのファイルに書き込めません（読み取り専用）。入力した内容は画面に残っています。ファイルの権限を確認してください。",
        "The database file cannot be written (read-only). What you typed is still on screen. Check the file's permissions.",
    ),
    "error.disk_full": (
        "ディスクの空き容量がありません。保存できませんでした。入力した内容は画面に残っています。空き容量を作ってください。",
        "The disk is full. Nothing could be saved. What you typed is still on screen. Please free some disk space.",
    ),
    "error.database_corrupt": (
        "データベースのファイルが壊れているか、dxfieldのファイルではありません。backups フォルダのバックアップから復元してください。",
        "The database file is damaged or is not a dxfield file. Restore it from a backup in the backups folder.",
    ),
    "error.database_newer": (
        "このデータベースは新しいバージョンのdxfieldで作成されています。dxfieldを更新してから開いてください。",
        "This database was written by a newer version of dxfield. Update dxfield, then open it.",
    ),
    "error.database": (
        "データベースでエラーが起きました。",
        "A database error occurred.",
    ),
    "error.data_dir": (
        "データフォルダを作成または書き込みできません。",
        "The data folder cannot be created or written.",
    ),
    "error.resource": (
        "アプリに同梱されたファイルが見つからないか、壊れています。",
        "A file bundled with the app is missing or damaged.",
    ),
    "error.not_found": (
        "対象のデータが見つかりません。他の端末で削除された可能性があります。",
        "The record was not found. It may have been deleted on another computer.",
    ),
    "error.duplicate": (
        "同じデータがすでに登録されています。",
        "The same data is already registered.",
    ),
    "error.validation": (
        "入力内容を確認してください。",
        "Please check your input.",
    ),
    "error.import": (
        "取り込むファイルに問題があります。",
        "The file to import has problems.",
    ),
    "error.export": ("ファイルを書き出せませんでした。", "The file could not be written."),
    "error.report": ("帳票（PDF）を作成できませんでした。", "The report (PDF) could not be made."),
    "error.backup": ("バックアップを書き込めませんでした。", "The backup could not be written."),
    "error.sync": (
        "同期できませんでした。ネットワークが戻ったら再試行してください。",
        "Could not sync. Try again when the network is back.",
    ),
    "error.error": (
        "処理中にエラーが起きました。",
        "An error occurred.",
    ),
    # --- visits (dxfield/services/visits.validate_visit) ---
    "visit.choose_municipality": ("市町村を選んでください。", "choose a municipality"),
    "visit.bad_start": ("開始日時が正しくありません。", "the start is not a valid date and time"),
    "visit.bad_end": ("終了日時が正しくありません。", "the end is not a valid date and time"),
    "visit.end_before_start": (
        "終了は開始より後にしてください。",
        "the end must be after the start",
    ),
    "visit.across_years": (
        "開始と終了は同じ年度内にしてください。",
        "a visit must start and end in the same programme year (年度)",
    ),
    "visit.outside_year": (
        "選択中の年度（{year_label}）の期間外です。",
        "the visit is outside the chosen programme year ({year_label})",
    ),
    "visit.unknown_member": (
        "チームのメンバーが見つかりません。",
        "unknown team member {member_id}",
    ),
    "visit.outside_phase_window": (
        "フェーズの時期目安の外です（{start}–{end}）",
        "outside the window of {phase} ({start}–{end})",
    ),
    "visit.double_booked": (
        "{member} さんは同じ時間に別の予定があります（{town}, {when}）",
        "{member} is already booked ({town}, {when})",
    ),
    # --- trainings (dxfield/services/trainings.validate_training) ---
    "training.no_title": ("研修名を入力してください。", "give the training a title"),
    "training.title_too_long": (
        "研修名は{limit}文字以内にしてください。",
        "the title is longer than {limit} characters",
    ),
    "training.across_years": (
        "開始と終了は同じ年度内にしてください。",
        "a training must start and end in the same programme year (年度)",
    ),
    "training.no_place": ("会場を入力してください。", "say where it is held (会場)"),
    "training.bad_count": (
        "人数は0以上の整数で入力してください（未集計なら空欄）。",
        "a number of people is a whole number, 0 or more",
    ),
    "training.count_too_large": (
        "人数が多すぎます。入力を確認してください。",
        "the number of people is implausibly large",
    ),
    "training.unknown_municipality": ("市町村が見つかりません。", "unknown municipality"),
    "training.municipality_twice": (
        "同じ市町村が2回選ばれています。",
        "a municipality is listed twice",
    ),
    "training.needs_municipality": (
        "参加市町村を1つ以上選んでください。",
        "this kind of training is held for at least one municipality",
    ),
    "training.visit_gone": (
        "あわせて実施した訪問が見つかりません（削除された可能性があります）。",
        "the visit it was held with no longer exists",
    ),
    "training.visit_not_taking_part": (
        "あわせて実施した訪問の市町村が、参加市町村に含まれていません。",
        "the visit it was held with is with a municipality that does not take part",
    ),
    "training.unknown_survey": ("アンケートの様式が見つかりません。", "unknown survey"),
    # --- needs, contacts, action items, proposal drafts ---
    "action.no_title": ("対応内容を入力してください。", "say what is to be done"),
    "contact.no_name": ("氏名を入力してください。", "a contact needs a name"),
    "contact.bad_email": (
        "「{email}」はメールアドレスではありません。",
        "{email!r} is not an e-mail address",
    ),
    "need.theme_empty": ("空のテーマは登録できません。", "a theme tag is empty"),
    "need.no_text": ("ニーズの内容を入力してください。", "write what the need is"),
    "need.text_too_long": (
        "ニーズは{limit}文字以内にしてください。",
        "the need is longer than {limit} characters",
    ),
    "need.unknown_municipality": ("市町村が見つかりません。", "unknown municipality"),
    "need.unknown_domain": ("分野を選んでください。", "unknown domain"),
    "need.theme_filter_empty": (
        "テーマの指定にテーマ名がありません。テーマ名を入れてください。",
        "the theme filter names no theme tag",
    ),
    "need.theme_too_long": (
        "テーマは1つ{limit}文字以内にしてください。",
        "a theme tag is longer than {limit} characters",
    ),
    "need.too_many_themes": (
        "テーマは{limit}つまでにしてください。",
        "at most {limit} theme tags per need",
    ),
    "need.heard_on_not_a_date": (
        "聞いた日が正しくありません。",
        "the day it was heard is not a date",
    ),
    "need.heard_on_outside_year": (
        "聞いた日が、このニーズの年度の外です。",
        "the day it was heard is outside the programme year (年度)",
    ),
    "need.measure_too_long": (
        "施策名は{limit}文字以内にしてください。",
        "the measure's name is longer than {limit} characters",
    ),
    "need.note_too_long": (
        "検討メモは{limit}文字以内にしてください。",
        "the note is longer than {limit} characters",
    ),
    "need.already_registered": (
        "このニーズはすでに登録されています。",
        "this need is already registered",
    ),
    "need.empty_line": ("文字のある行を選んでください。", "choose a line with words in it"),
    "need.line_gone": (
        "その行は元の記録にもうありません（編集された可能性があります）。",
        "the line is no longer in the record it was taken from",
    ),
    "need.free_text_only": (
        "自由記述の回答だけをニーズにできます。",
        "only a free-text answer can become a need",
    ),
    "proposal.label_too_long": (
        "版の名前は{limit}文字以内にしてください。",
        "the label is longer than {limit} characters",
    ),
    # --- assessment responses and survey answers (dxfield/services/assessments.py, surveys.py)
    "assessment.unknown_municipality": ("市町村が見つかりません", "unknown municipality {id!r}"),
    "assessment.year_not_whole": (
        "年度は整数で指定してください",
        "the year (年度) must be a whole number",
    ),
    "assessment.bad_kind": (
        "アセスメントの区分または入力元が正しくありません（{detail}）",
        "{detail}",
    ),
    "assessment.bad_date": ("回答日が日付ではありません", "the answer date is not a date"),
    "assessment.unknown_template": (
        "アセスメントシートの版 {id} がありません",
        "unknown assessment template {id}",
    ),
    "assessment.duplicate": (
        "{town}の{year}年度の{kind_label}のアセスメント回答はすでに登録されています",
        "{town} already has a {kind} assessment ({kind_label}) for {year}",
    ),
    "assessment.fixed_fields": (
        "回答の {fields} は変更できません",
        "cannot change {fields} of a response",
    ),
    "assessment.unknown_source": (
        "入力元「{value}」はありません",
        "unknown source {value!r}",
    ),
    "survey.not_an_item": (
        "{code} はアンケート {version} の設問ではありません",
        "{code}: not an item of survey {version}",
    ),
    "need.cannot_promote_from": (
        "{label}からはニーズにできません",
        "a need cannot be promoted from {source}",
    ),
    # --- one cell of an import (dxfield/io/cells.py, towns.py, lgcode.py) ---
    "cell.not_a_date": (
        "「{text}」は日付として読めません（2025/04/25 のように書いてください）",
        "{text!r} is not a date (write it as 2025/04/25)",
    ),
    "cell.not_a_year": (
        "「{text}」は年度として読めません（2025 や 令和7年度 のように書いてください）",
        "{text!r} is not a year (年度), e.g. 2025 or 令和7年度",
    ),
    "cell.not_a_kind": (
        "「{text}」は区分として読めません（当初 か 評価 と書いてください）",
        "{text!r} is not 当初 (baseline) or 評価 (evaluation)",
    ),
    "cell.not_a_group": (
        "「{text}」は参加者区分として読めません（首長・幹部、職員、県 のいずれか）",
        "{text!r} is not 首長・幹部, 職員 or 県",
    ),
    "code.not_six_digits": (
        "団体コード「{code}」は6桁の数字で書いてください（全国地方公共団体コード）",
        "municipality code {code!r} must be 6 digits (全国地方公共団体コード)",
    ),
    "code.check_digit": (
        "団体コード {code} の検査数字が違います（正しくは {expected}）",
        "municipality code {code} has a wrong check digit (expected {expected})",
    ),
    "town.code_unknown": (
        "団体コード {code} は県内の市町村のものではありません",
        "団体コード {code} is not one of the prefecture's municipalities",
    ),
    "town.name_unknown": (
        "「{name}」は県内30市町村のどれでもありません（〇〇市・〇〇町・〇〇村 と書いてください）",
        "unknown municipality {name!r} (not one of the prefecture's 30; write the name as "
        "〇〇市・〇〇町・〇〇村)",
    ),
    "town.name_and_code_differ": (
        "市町村名 {name} と団体コード {code}（{code_name}）が一致しません",
        "the name {name} does not match 団体コード {code} ({code_name})",
    ),
    "town.empty": ("市町村が空欄です", "the municipality is empty"),
    # --- one answer (dxfield/assessment/definition.normalize_answer) ---
    "answer.not_text": ("自由記述の回答は文字で書いてください", "a free-text answer must be text"),
    "answer.too_long": (
        "回答が {max_length} 文字を超えています",
        "the text is longer than {max_length} characters",
    ),
    "answer.choose_one": (
        "選択肢のどれか1つを書いてください",
        "choose one of the choices (a text value)",
    ),
    "answer.not_a_choice": (
        "「{value}」は選択肢にありません（選択肢: {labels}）",
        "{value!r} is not one of {choices}",
    ),
    "answer.not_a_list": (
        "複数選択の回答は選択肢を並べて書いてください",
        "a multiple-choice answer is a list of choices",
    ),
    "answer.exclusive": (
        "「{label}」は他の選択肢と一緒には選べません",
        "「{label}」 cannot be combined with other choices",
    ),
    "answer.yes_no": ("はい か いいえ で答えてください", "answer yes or no (はい／いいえ)"),
    "answer.not_a_number": ("「{value}」は数値ではありません", "{value!r} is not a number"),
    "answer.number_expected": ("数値を書いてください", "a number is expected"),
    "answer.whole_number": ("整数を書いてください", "a whole number is expected"),
    "answer.below_minimum": (
        "{value} は最小値 {minimum} より小さい値です",
        "{value} is below the minimum {minimum}",
    ),
    "answer.above_maximum": (
        "{value} は最大値 {maximum} より大きい値です",
        "{value} is above the maximum {maximum}",
    ),
    "answer.unknown_type": (
        "設問の種類 {answer_type} に対応していません",
        "unknown answer type {answer_type}",
    ),
    # --- an import's columns and rows (dxfield/io/*_import.py, plans.py) ---
    "import.no_rows": (
        "列名はありますが、その下に回答がありません",
        "the file has column names but no answers below them",
    ),
    "import.no_municipality_column": (
        "市町村を示す列がありません（「市町村名」か「団体コード」の列が必要です）",
        "no column names the municipality (a column 市町村名 or 団体コード is needed)",
    ),
    "import.no_year": (
        "ファイルに年度がありません。--year で指定してください（例: 2025）",
        "the file does not say the year (年度): give --year, e.g. 2025",
    ),
    "import.unknown_sheet_version": (
        "シートの版「{version}」は dxfield にありません",
        "no assessment sheet version {version!r} in dxfield",
    ),
    "import.question_not_on_version": (
        "設問 {code} はシートの版 {version} にありません",
        "question {code} is not on sheet version {version}",
    ),
    "import.duplicate_row": (
        "{municipality} {year}年度 {kind} は {first_row} 行目にもあります。有効な行だけを残してください",
        "{municipality} {year}年度 {kind} is also in row {first_row}; keep only the row that counts",
    ),
    "import.year_differs": (
        "ファイルでは {year}年度 ですが、--year {given} が指定されています",
        "the file says {year}年度 but --year {given} was given",
    ),
    "import.year_unknown": (
        "この行の年度がわかりません。--year で指定してください",
        "cannot tell the year (年度) of this row: give --year",
    ),
    "import.year_implausible": (
        "{year} は年度としてありえない値です",
        "{year} is not a plausible year (年度)",
    ),
    "import.already_stored": (
        "{municipality} の {year}年度 {kind} は、別の回答で dxfield に登録済みです。"
        "この行で置き換えるなら --replace を付けて取り込んでください（変わる設問は --dry-run で確認"
        "できます）。登録済みの回答は dxfield assessment delete で削除することもできます",
        "{municipality} already has a {year}年度 {kind} assessment in dxfield with different "
        "answers; import with --replace to replace it (--dry-run shows what changes), or delete "
        "it with dxfield assessment delete",
    ),
    "import.write_failed": (
        "{row} 行目を書き込めませんでした（{detail}）",
        "{detail} (while writing row {row})",
    ),
    "import.duplicate_column": (
        "この列と列「{other}」がどちらも{noun} {code} です。どちらかを削除してください",
        "this column and column {other!r} are both {noun_en} {code}; remove one of them",
    ),
    "import.missing_column": (
        "{noun} {code}「{text}」の列がありません（必須）。列名は{noun}の文またはコードにしてください",
        "no column for {noun_en} {code} 「{text}」 (required); the header must be the "
        "{noun_en}'s text or code",
    ),
    "import.formula_without_result": (
        "数式 {formula} の計算結果が保存されていません。回答を入力するか、Excel で開いて保存し直してください",
        "the cell holds the formula {formula!r} but no result was saved with it; type the "
        "answer, or open the file in Excel and save it again",
    ),
    "import.survey_other_training": (
        "このファイルは {day} に別の研修（{training}）の回答として取り込み済みです。"
        "どの研修のものか確認してください",
        "this file was imported on {day} for another training ({training}); check which "
        "training it belongs to",
    ),
    "import.survey_no_item_column": (
        "アンケート「{survey}」の設問に対応する列がありません。この研修のフォームの書き出しですか？",
        "no column matches an item of the survey 「{survey}」: is this the export of this "
        "training's form?",
    ),
    "import.survey_duplicate_response": (
        "この回答は {first_row} 行目にもあります（同じ回答ID、または同じ日時と回答）。1つにしてください",
        "this response is also in row {first_row} (same response id, or the same time and "
        "answers); keep one",
    ),
    "import.opendata_no_column": (
        "「{header}」の列がありません（{what}）",
        "no column {header!r} ({what})",
    ),
    "import.opendata_code_empty": ("団体コードが空欄です", "the 団体コード is empty"),
    "import.opendata_code_twice": (
        "団体コード {code} が2回あります（最初は {first_row} 行目）",
        "団体コード {code} is listed twice (first in row {first_row})",
    ),
    "import.opendata_not_a_url": (
        "「{url}」はウェブのアドレス（https://…）ではありません",
        "{url!r} is not a web address (https://…)",
    ),
    # --- the file as a whole (dxfield/io/tables.py, encoding.py, limits.py, blank_sheet.py) ---
    "file.missing": ("ファイル {path} がありません", "there is no file {path}"),
    "file.is_folder": (
        "{path} はフォルダーです。ファイルを指定してください",
        "{path} is a folder, not a file",
    ),
    "file.permission": (
        "{path} を読めません（アクセス権がありません）",
        "cannot read {path}: permission denied",
    ),
    "file.unreadable": ("{path} を読めません（{detail}）", "cannot read {path}: {detail}"),
    "file.password": (
        "{name} はパスワードで保護されています。Excel で開いてパスワードを外し"
        "（ファイル → 情報 → ブックの保護）、保存し直してください",
        "{name} is protected with a password; open it in Excel, remove the password "
        "(ファイル → 情報 → ブックの保護) and save it again",
    ),
    "file.old_excel": (
        "{name} は古い Excel（.xls）のファイルです。.xlsx か CSV で保存し直してください",
        "{name} is an old Excel (.xls) file; save it as .xlsx or CSV",
    ),
    "file.empty": ("ファイルが空です", "the file is empty"),
    # --- a file written (exports, reports, backups: dxfield/io/files.py, reports/layout.py) ---
    "file.write_failed": ("{dest} に書き込めません（{detail}）", "cannot write {dest}: {detail}"),
    "file.write_locked": (
        "{dest} に書き込めません。ほかのプログラム（Excel など）で開いているか、書き込みが"
        "禁止されています。閉じてからやり直してください",
        "cannot write {dest}: the file is open in another program or not writable",
    ),
    "file.folder_failed": (
        "フォルダー {folder} を作成できません（{detail}）",
        "cannot create the folder {folder}: {detail}",
    ),
    "file.no_header": ("1行目に列名がありません", "the first row holds no column names"),
    "file.more_problem_rows": (
        "…ほかに同様の行が {more} 行あります",
        "… and {more} more such rows",
    ),
    "file.row_cut_short": (
        "この行には {width} 列のうち {got} 列しかありません。途中で切れたか、回答の中の改行を"
        '囲む引用符（"）が失われています。フォームか Excel から保存し直してください',
        "the row has {got} of the {width} columns: it was cut short, or a line break inside an "
        'answer lost its quotes ("); save the file again from the form or Excel',
    ),
    "file.row_too_long": (
        "この行には {got} 列ありますが、1行目の列名は {width} 列分です。回答の中のカンマかタブを"
        '囲む引用符（"）が失われているか、列名が欠けています',
        "the row has {got} columns but the first row names only {width}: a comma or tab inside "
        'an answer lost its quotes ("), or the header is missing names',
    ),
    "file.bad_number": (
        "セルの値 {value} は Excel が保存できる数値ではありません（ファイルが壊れています）",
        "the cell holds {value!r}, not a number Excel can store (the file is damaged)",
    ),
    "file.open_quote": (
        '{limit:,} 文字を超えるセルがあります（1セルは最大 {cell_max:,} 文字）。引用符（"）が'
        "閉じられず、残りが1つのセルとして読まれている可能性があります。フォームか Excel から"
        "保存し直してください",
        "a cell holds more than {limit:,} characters (a cell holds at most {cell_max:,}): a "
        'quote (") may be left open, so that the rest of the file reads as one cell; save it '
        "again from the form or Excel",
    ),
    "file.bad_csv": (
        "この行の付近で CSV の形式が崩れています（{detail}）。フォームか Excel から保存し直してください",
        "the CSV is malformed near this row ({detail}); save it again from the form or Excel",
    ),
    "file.damaged": (
        "{name} を読めません{where}。ファイルが壊れています（{what}）。Excel で開いて保存し直してください",
        "{name} cannot be read{where_en}: the file is damaged ({what}); open it in Excel and "
        "save it again",
    ),
    "file.not_xlsx": (
        "{name} は読める Excel（.xlsx）ファイルではありません（{detail}）",
        "{name} is not a readable Excel (.xlsx) file ({detail})",
    ),
    "file.no_such_sheet": (
        "{name} にシート「{sheet}」がありません",
        "{name} has no sheet {sheet!r}",
    ),
    "file.no_sheet": ("{name} にシートがありません", "{name} holds no sheet"),
    "file.refused": (
        "{name} は取り込みません: {detail}。正しいファイルか確認してください",
        "{name} is refused: {detail_en}; check that this is the right file",
    ),
    "file.cell_too_long": (
        "このセルは {length:,} 文字あり、1セルの上限（Excel の上限 {cell_max:,} 文字）を超えています",
        "the cell holds {length:,} characters, more than the {cell_max:,} a cell can (Excel's "
        "limit)",
    ),
    "file.too_many_columns": (
        "この行は {width:,} 列あり、シートの書き出しにありうる {limit:,} 列を超えています。"
        "正しいファイルか確認してください",
        "the row has {width:,} columns, more than the {limit:,} an export of the sheet can "
        "have; check that this is the right file",
    ),
    "file.too_many_rows": (
        "回答が {rows:,} 行あり、書き出しにありうる {limit:,} 行を超えています。正しいファイルか"
        "確認してください（ここから先は読んでいません）",
        "the file has {rows:,} rows of answers, more than the {limit:,} an export can hold; "
        "check that this is the right file (nothing was read from here on)",
    ),
    "file.control_character": (
        "テキスト（CSV）ファイルではありません（{line} 行目に制御文字 U+{char}）。"
        "回答を CSV か Excel（.xlsx）で保存してください",
        "this is not a text (CSV) file: control character U+{char} at line {line}; save the "
        "answers as CSV or Excel (.xlsx)",
    ),
    "file.nul_byte": (
        "テキスト（CSV）ファイルではありません（{line} 行目に NUL バイト）。"
        "回答を CSV か Excel（.xlsx）で保存してください",
        "this is not a text (CSV) file: NUL byte at line {line}; save the answers as CSV or "
        "Excel (.xlsx)",
    ),
    "file.bom_not_utf8": (
        "UTF-8（BOM付き）のはずのファイルですが、{line} 行目のバイト 0x{byte} が UTF-8 では"
        "ありません。ファイルが壊れているか、文字コードが混ざっています",
        "the file says it is UTF-8 (BOM) but byte 0x{byte} at line {line} is not UTF-8; the "
        "file is damaged or mixes encodings",
    ),
    "file.unknown_encoding": (
        "ファイルを UTF-8 としても Shift_JIS（CP932）としても読めません{detail}。"
        "Excel で開いて「CSV UTF-8」か .xlsx で保存してください",
        "cannot read the file as UTF-8 or Shift_JIS (CP932){detail_en}; open it in Excel and "
        "save it as 'CSV UTF-8' or .xlsx",
    ),
    "file.ambiguous_encoding": (
        "ファイルは UTF-8 としても Shift_JIS（CP932）としても読め、どちらか判断できません。"
        "「CSV UTF-8 (BOM付き)」か .xlsx で保存し直してください",
        "the file is valid both as UTF-8 and as Shift_JIS (CP932) and it cannot be told which "
        "is right; save it again as 'CSV UTF-8 (BOM付き)' or .xlsx",
    ),
    "file.sheet_layout_changed": (
        "{name} の隠しシート「{meta}」（各回答の位置の記録）が変更されています{where}。"
        "新しい記入用シート（dxfield assessment blank-sheet）に回答を写してください",
        "the hidden sheet {meta!r} of {name}, which records where each answer is, was "
        "changed{where_en}; write a new blank sheet (dxfield assessment blank-sheet) and copy "
        "the answers into it",
    ),
    "file.sheet_missing": (
        "{name} にシート「{sheet}」がありません",
        "the sheet {sheet!r} is missing from {name}",
    ),
    "file.sheet_newer": (
        "{name} は新しい dxfield で作られています（シート形式 {version}）。dxfield を更新してください",
        "{name} was written by a newer dxfield (sheet format {version}); update dxfield to "
        "import it",
    ),
    # --- the local store, its key and its backups (dxfield/storecheck.py, storekey.py, db.py,
    # migrations, backup.py, restore.py): the detail after the CLI's title ---
    "store.is_folder": (
        "{path} はフォルダーです。データファイルを指定してください",
        "{path} is a folder, not a store file",
    ),
    "store.not_sqlite": (
        "{name} は dxfield のデータファイルではありません（SQLite のファイルではありません）",
        "{name} is not a dxfield store (not a SQLite file)",
    ),
    "store.bad_page_size": (
        "{name} は壊れています（ページサイズ {page_size}）",
        "{name} is damaged (page size {page_size})",
    ),
    "store.cut_short": (
        "{name} は途中で切れています（{size:,} バイト。ヘッダーの記録では {expected:,} バイト）。"
        "コピーが中断したか、ディスクが傷んでいます",
        "{name} is cut short: {size:,} bytes of the {expected:,} its header records (an "
        "interrupted copy or a damaged disk)",
    ),
    "store.cannot_open": ("{name} を開けません（{detail}）", "{name} cannot be opened: {detail}"),
    "store.other_program": (
        "{name} は別のプログラムの SQLite データベースです（application id {app_id:#x}）",
        "{name} is a SQLite database of another program (application id {app_id:#x})",
    ),
    "store.not_ours": (
        "{name} は SQLite のデータベースですが、dxfield のものではありません",
        "{name}: the file is a SQLite database, but not one of dxfield's",
    ),
    "store.foreign_file": (
        "SQLite のデータベースですが、dxfield のものではありません",
        "the file is a SQLite database, but not one of dxfield's",
    ),
    "store.empty": (
        "{name} には dxfield のデータがありません（空のデータベースです）",
        "{name} holds no dxfield data (an empty database)",
    ),
    "store.newer": (
        "{name} は新しいバージョンの dxfield で作成されています（スキーマ {revision}）。"
        "dxfield を更新してから使ってください",
        "{name} was written by a newer version of dxfield (schema {revision}); update dxfield "
        "to use it",
    ),
    "store.table_missing": (
        "{name} は壊れています（テーブル {table} がありません）",
        "{name} is damaged: the table {table} is missing",
    ),
    "store.columns_missing": (
        "{name} は壊れています（テーブル {table} に列 {columns} がありません）",
        "{name} is damaged: the table {table} lacks {columns}",
    ),
    "store.damaged_or_foreign": (
        "{name} は壊れているか、データベースではありません（{detail}）",
        "{name} is damaged or not a database: {detail}",
    ),
    "store.damaged": ("{name} は壊れています（{detail}）", "{name} is damaged: {detail}"),
    "store.check_failed": (
        "データファイルの検査で問題が見つかりました（{detail}）",
        "the store failed its check: {detail}",
    ),
    "store.unreadable": (
        "データベースのファイル {path} を読めません（{detail}）",
        "cannot read the database file {path}: {detail}",
    ),
    "store.wrong_key": (
        "{name} は指定された鍵では開けません",
        "{name} does not open with the key given",
    ),
    "store.locked": (
        "データベースが他のプログラムに使用されています{where}",
        "the database is locked by another program{where_en}",
    ),
    "store.readonly": (
        "データベースのファイルに書き込めません{where}",
        "the database file cannot be written{where_en}",
    ),
    "store.disk_full": (
        "ディスクの空き容量がありません。何も保存していません{where}",
        "the disk is full; nothing was saved{where_en}",
    ),
    "store.corrupt": (
        "データベースのファイルが壊れているか、データベースではありません{where}",
        "the database file is damaged or not a database{where_en}",
    ),
    "store.sqlite_error": (
        "データベースのエラーです{where}（{detail}）",
        "database error{where_en}: {detail}",
    ),
    "store.broken_references": (
        "更新後のデータに壊れた参照が {count} 件あるため、更新を取り消しました。何も変更していません",
        "migration left {count} broken references; nothing was changed",
    ),
    "store.already_encrypted": (
        "{name} はすでに暗号化されています",
        "{name} is already encrypted",
    ),
    "store.already_plain": (
        "{name} はすでに暗号化されていません",
        "{name} is already plain",
    ),
    "store.in_use": (
        "{name} は他のプログラムが使用中です。dxfield を閉じてからやり直してください",
        "{name} is in use by another program; close dxfield and try again",
    ),
    "store.changed_meanwhile": (
        "{name} が変換中に変更されました",
        "{name} changed while it was converted",
    ),
    "store.not_converted": (
        "{name} を変換できませんでした（{detail}）",
        "{name} could not be converted: {detail}",
    ),
    "store.opened_meanwhile": (
        "{name} が変換中に他のプログラムに開かれました。何も変更していません",
        "{name} was opened by another program meanwhile; nothing was changed",
    ),
    "store.converted_failed_check": (
        "変換したコピーが検査に通りませんでした（{result}）。何も変更していません",
        "the converted copy failed its check: {result}; nothing changed",
    ),
    # --- the kept record of salvaged edits (salvagefile.py) ---
    "salvage.not_a_record": (
        "{path} は未同期の変更の記録として読めません（{detail}）",
        "{path} cannot be read as a record of unsynced edits: {detail}",
    ),
    "salvage.reencrypt_failed": (
        "{path} を暗号化したコピーが元と一致しません。元のまま残しています",
        "the encrypted copy of {path} does not match it; it is left as it was",
    ),
    "recover.show_only": (
        "--key と --json は --show と一緒に使います",
        "--key and --json go with --show",
    ),
    # --- the store's copies once it is encrypted (storecopies.py) ---
    "copies.damaged": (
        "壊れていたため元のまま保管したデータファイル: {path}",
        "a damaged store kept as it was: {path}",
    ),
    "copies.salvage": (
        "壊れたデータファイルから読み出した未同期の変更（テキスト）: {path}",
        "unsynced edits read out of a damaged store (text): {path}",
    ),
    "copies.salvage_reencrypted": (
        "壊れたデータファイルから読み出した未同期の変更の記録 {count} 件を暗号化し直しました"
        "（読み戻して確認済み。元のテキストは上書きして削除しました）。",
        "re-encrypted {count} records of unsynced edits read out of damaged stores (read "
        "back and checked; the plain text overwritten and removed).",
    ),
    "copies.handout": (
        "印刷・プレビューのために作成した配布資料（PDF）: {path}",
        "a handout (PDF) written to preview or print it: {path}",
    ),
    "copies.unfinished": (
        "中断された処理が残した作業用ファイル: {path}",
        "left behind by an interrupted run: {path}",
    ),
    "copies.unreadable": (
        "暗号化し直せなかったバックアップ: {path}（{detail}）",
        "a backup that could not be re-encrypted: {path} ({detail})",
    ),
    "copies.reencrypted": (
        "暗号化されていなかったバックアップ {count} 件を暗号化し直しました（検証済み。"
        "日付はそのまま、元のファイルは上書きして削除しました）。",
        "re-encrypted {count} plain backups (verified; their dates kept, the plain files "
        "overwritten and removed).",
    ),
    "copies.postponed": (
        "バックアップ {count} 件は使用中などのため、まだ暗号化されていません（元のまま残して"
        "います）。次回の起動時か dxfield encryption enable の実行時に、もう一度試みます。",
        "{count} backups are not encrypted yet (in use, or the like; left as they were); "
        "the next start or dxfield encryption enable tries again.",
    ),
    "copies.remove_question": (
        "次の {count} 件は暗号化されていません。壊れたファイルは読み出せる部分を残すために"
        "元のまま保管しているもので、暗号化し直すと読み出せない部分が失われます。ほかは"
        "一時ファイル（印刷用の PDF など）や、暗号化できないファイルです。どれも暗号化し直さず、ゼロで上書きして"
        "から削除することができます（元に戻せません）。",
        "these {count} files are not encrypted. A damaged file is kept as it was so that what "
        "can still be read stays readable; re-encrypting it would lose the rest. The others "
        "are temporary files (PDFs written to print, ...) or files that cannot be encrypted. None is re-encrypted: they "
        "can be overwritten with zeros and removed (this cannot be undone).",
    ),
    "copies.ssd_note": (
        "SSD などでは、上書きしても古いデータが残ることがあります。OS のディスク暗号化"
        "（BitLocker、FileVault など）も合わせて使ってください。",
        "On an SSD and the like, overwriting may leave old data behind: use the system's "
        "disk encryption (BitLocker, FileVault, ...) too.",
    ),
    "copies.removed": (
        "{count} 件を上書きして削除しました。",
        "overwrote and removed {count} files.",
    ),
    "copies.kept": (
        "削除しませんでした。暗号化されていないファイルが残っています。あとで削除するには "
        "dxfield encryption enable を実行してください（--remove-plain で確認なしに削除）。",
        "nothing was removed: the plain files stay. To remove them later run dxfield "
        "encryption enable (--remove-plain removes them without asking).",
    ),
    "copies.not_asked": (
        "たずねる端末がないため、削除しませんでした（暗号化されていないファイルが残っています）。"
        "端末で dxfield encryption enable を実行するか、--remove-plain を付けて実行すると"
        "削除します。",
        "nothing was removed: there is no terminal to ask in (the plain files stay); run "
        "dxfield encryption enable in a terminal, or with --remove-plain, to remove them.",
    ),
    "copies.not_covered": (
        "保存先を指定して作成したバックアップ（USB メモリーなど）と、書き出したファイル（Excel、"
        "CSV、カレンダー、PDF）はここでは扱いません。暗号化を有効にする前に作ったそれらの"
        "バックアップと、すべての書き出しファイルは暗号化されていないので、不要になったら削除"
        "してください。",
        "Backups saved where you chose (a USB stick, ...) and exported files (Excel, CSV, "
        "calendars, PDFs) are not covered: those made before, and every export, are plain; "
        "delete them when no longer needed.",
    ),
    "data_dir.empty": (
        "データフォルダーが空欄です（--data-dir ''）",
        "the data folder given is empty (--data-dir '')",
    ),
    "data_dir.cannot_create": (
        "データフォルダー {path} を作成できません（{detail}）",
        "cannot create data dir {path}: {detail}",
    ),
    "data_dir.not_a_folder": (
        "{path} はフォルダーではありません",
        "data dir {path} is not a directory",
    ),
    "data_dir.not_writable": (
        "データフォルダー {path} に書き込めません（権限がありません）",
        "data dir {path} is not writable",
    ),
    "store_key.empty": ("鍵またはパスフレーズが空です", "an empty key or passphrase"),
    "store_key.no_keyring": (
        "データファイルの鍵を保管できるキーリングがなく、パスフレーズも入力されていません。"
        "キーリングのロックを解除するかインストールするか、ターミナルで dxfield を実行して"
        "パスフレーズを入力してください",
        "there is no usable keyring to keep the store's key and no passphrase was given; "
        "unlock or install a keyring, or run dxfield in a terminal to give a passphrase",
    ),
    "store_key.no_cipher": (
        "この dxfield には SQLCipher がありません（このプラットフォーム用の sqlcipher3 "
        "パッケージがありません）。暗号化されたデータファイルやバックアップはここでは開けません",
        "this installation has no SQLCipher (the sqlcipher3 package has no build for this "
        "platform); encrypted stores and backups cannot be opened here",
    ),
    "store_key.no_key": (
        "{name} は暗号化されていますが、この端末にはその鍵がありません（キーリングに登録がなく、"
        "パスフレーズも入力されていません）。またはファイルが壊れています",
        "{name} is encrypted and this computer has no key for it (no keyring entry, no "
        "passphrase given), or it is damaged",
    ),
    "store_key.other_key": (
        "{name} は別の鍵またはパスフレーズで暗号化されているか、壊れています",
        "{name} is encrypted with another key or passphrase, or is damaged",
    ),
    "store_key.hint": (
        "パスフレーズが分かる場合は、下の復旧を選ばずに、端末から実行して入力するか、環境変数 "
        "DXFIELD_PASSPHRASE に設定して、もう一度実行してください。",
        "If you know the passphrase, choose none of the recoveries below: run dxfield in a "
        "terminal to type it, or set DXFIELD_PASSPHRASE, and run it again.",
    ),
    "backup.folder_blocked": (
        "{folder} に書き込めません（同じ名前のファイルがあります）",
        "cannot write into {folder}: a file of that name is in the way",
    ),
    "backup.folder_denied": (
        "{folder} に書き込む権限がありません",
        "not allowed to write into {folder}",
    ),
    "backup.folder_failed": (
        "{folder} に書き込めません（{detail}）",
        "cannot write into {folder}: {detail}",
    ),
    "backup.not_a_folder": (
        "{folder} に書き込めません（フォルダーではありません）",
        "cannot write into {folder}: it is not a folder",
    ),
    "backup.copy_failed_check": (
        "{name} のコピーが整合性の検査に通りませんでした（{result}）",
        "the copy of {name} failed its integrity check: {result}",
    ),
    "backup.row_counts_differ": (
        "テーブル {tables} の行数が元と違います",
        "row counts differ in {tables}",
    ),
    "backup.write_denied": ("{dest} に書き込む権限がありません", "not allowed to write {dest}"),
    "backup.dest_is_folder": ("{dest} はフォルダーです", "{dest} is a folder"),
    "backup.set_aside_failed": (
        "壊れたデータファイルのコピーを {folder} に残せませんでした（{detail}）。何も変更していません",
        "cannot keep a copy of the damaged store in {folder}: {detail}; nothing was changed",
    ),
    "backup.replace_failed": (
        "{database} を置き換えられません（{detail}）",
        "cannot replace {database}: {detail}",
    ),
    "restore.locked": (
        "{database} に復元できませんでした（{detail}）。dxfield を閉じてからやり直してください",
        "could not restore into {database}: {detail}; close dxfield and try again",
    ),
    "restore.failed_check": (
        "復元したデータファイルが整合性の検査に通りませんでした（{result}）",
        "the restored store failed its integrity check ({result})",
    ),
    "restore.unsynced": (
        "この端末には未同期の変更が {count} 件あり、{name} を復元すると失われます。"
        "先に同期するか、失われてよいことを確認してください",
        "the local store has {count} unsynced changes that restoring {name} would drop; sync "
        "first or confirm that they may be lost",
    ),
    # --- records asked for by id or name, and command-line choices (services, dxfield/cli) ---
    "missing.training": (
        "ID「{id}」の研修はありません",
        "no training with id {id}",
    ),
    "missing.assessment_response": (
        "ID「{id}」のアセスメント回答はありません",
        "no assessment response with id {id}",
    ),
    "missing.survey_template": (
        "アンケートの様式 {id} がありません",
        "no survey template {id}",
    ),
    "missing.survey_response": (
        "ID「{id}」のアンケート回答はありません",
        "no survey response {id}",
    ),
    "missing.need": (
        "ID「{id}」のニーズはありません",
        "no need with id {id}",
    ),
    "missing.need_ambiguous": (
        "ID「{id}」に当てはまるニーズが複数あります。もう少し長く指定してください",
        "{id} matches several needs",
    ),
    "missing.proposal_draft": (
        "ID「{id}」の提案のたたき台の版はありません",
        "no proposal draft with id {id}",
    ),
    "missing.visit": (
        "ID「{id}」の訪問・面談はありません",
        "no visit with id {id}",
    ),
    "missing.municipality_code": (
        "団体コード {code} の市町村はありません",
        "no municipality with code {code}",
    ),
    "missing.municipality_name": (
        "「{name}」という市町村は県内にありません（〇〇市・〇〇町・〇〇村 の名前か、団体コードで指定してください）",
        "no municipality named {name!r} in the prefecture (give its name as "
        "〇〇市・〇〇町・〇〇村, or its 団体コード)",
    ),
    "missing.visit_requests": (
        "この訪問の面談記録に要望の行がありません",
        "visit {id} has no 要望 (requests) in its notes",
    ),
    "missing.assessment": (
        "{town}の{year}年度の{kind}のアセスメント回答がありません",
        "{town} has no {kind} assessment for {year}",
    ),
    "missing.assessment_yet": (
        "{town}の{kind}のアセスメント回答はまだありません",
        "{town} has no {kind} assessment yet",
    ),
    "missing.assessment_pair": (
        "{town}には同じ年度の当初（ベースライン）と評価のアセスメント回答がまだありません",
        "{town} has no baseline and evaluation assessment in the same year yet",
    ),
    "missing.template_version": (
        "{noun}の版 {version} はありません（読み込み済み: {known}）",
        "no {noun} version {version!r} (loaded: {known})",
    ),
    "missing.no_template_loaded": ("なし", "none"),
    "template.assessment_noun": ("アセスメントシートの様式", "assessment template"),
    "template.survey_noun": ("研修アンケートの様式", "survey template"),
    "backup.none_good": (
        "{folder} に使えるバックアップがありません",
        "no good backup in {folder}",
    ),
    "export.blank_sheet_suffix": (
        "白紙の回答シートは Excel ファイルです。{stem}.xlsx という名前にしてください",
        "the blank sheet is an Excel file: name it {stem}.xlsx",
    ),
    "encryption.still_encrypted": (
        "{name} はまだ暗号化されたままです",
        "{name} is still encrypted",
    ),
    "need.domain_unknown": (
        "分野「{text}」はありません（{known} のいずれかを指定してください）",
        "unknown domain {text!r} (one of: {known})",
    ),
    "need.line_or_text": (
        "--line N（行の番号）か --text TEXT（行の文章）のどちらか一方を指定してください",
        "give either --line N or --text TEXT",
    ),
    "need.no_such_line": (
        "行は {count} 行までです（{line} 行目はありません）。`dxfield needs lines` で確認してください",
        "there are {count} lines; there is no line {line}",
    ),
    "need.not_a_line": (
        "その文章は記録の行にありません（`dxfield needs lines` で行を確認してください）",
        "the text is not a line of that record (see `dxfield needs lines`)",
    ),
    "need.text_missing": (
        "ニーズの内容を --text で書いてください",
        "write what the need is (--text)",
    ),
    "report.no_visits": ("印刷する訪問がありません", "no visits to print"),
    "report.no_visits_on": ("{day_label}の訪問はありません", "no visits on {day}"),
    "report.training_or_year": ("研修か年度を指定してください", "name a training or a year"),
    "missing.municipality_id": (
        "ID「{id}」の市町村はありません",
        "no municipality with id {id!r}",
    ),
    "need.unknown_status": ("検討状況「{status}」はありません", "unknown status {status!r}"),
    "proposal.unreadable": (
        "提案のたたき台の版 {id} は、この版の dxfield では読めない形式です（{detail}）",
        "proposal draft {id} holds a snapshot this version cannot read: {detail}",
    ),
    "output.draft": (
        "書き出し先を -o FILE.docx か FILE.pdf で指定してください",
        "say where to write the draft: -o FILE.docx or FILE.pdf",
    ),
    "output.annual": (
        "書き出し先を -o FILE.pdf か FILE.xlsx で指定するか、--json を付けてください",
        "say where to write the report (-o FILE.pdf or FILE.xlsx) or --json",
    ),
    "backup.sheet_without_key": (
        "--sheet は --export-key と一緒に指定してください",
        "--sheet goes with --export-key",
    ),
    "backup.no_key_to_export": (
        "データは暗号化されていないため、書き出す鍵がありません（暗号化するには dxfield "
        "encryption enable）",
        "the store is not encrypted (dxfield encryption enable); there is no key to export",
    ),
    "proposal.compare_count": (
        "--compare には版の ID を1つか2つ指定してください",
        "--compare takes one or two version ids",
    ),
    "report.format_unknown": (
        "{name} には書けません（ファイル名の末尾を {allowed} にしてください）",
        "{name}: the report is written as {allowed}",
    ),
    "export.format_unknown": (
        "{name} の形式が分かりません（ファイル名の末尾を {allowed} にしてください）",
        "cannot tell the format of {name}: the name must end in {allowed}",
    ),
    # --- a sync or login failure by its ``kind`` (sync/errors.SyncError), looked up by
    # ``by_code("sync", kind)``; the CLI, the app's status line and its dialogs say these ---
    "sync.wrong_password": (
        "ユーザー名またはパスワードが違います",
        "the user name or password is wrong",
    ),
    "sync.token_expired": (
        "ログインの有効期限が切れました。もう一度ログインしてください",
        "the login has expired; log in again",
    ),
    "sync.token_revoked": (
        "ログインが取り消されました。もう一度ログインしてください",
        "the login was revoked; log in again",
    ),
    "sync.unauthorized": ("ログインが必要です", "you need to log in"),
    "sync.not_logged_in": (
        "サーバーにログインしていません（dxfield login を実行してください）",
        "not logged in to a server (run dxfield login)",
    ),
    "sync.forbidden": ("この操作を行う権限がありません", "you are not allowed to do this"),
    "sync.rate_limited": (
        "ログインの試行が多すぎます。しばらく待ってから再試行してください",
        "too many login attempts; wait a while and try again",
    ),
    "sync.server_down": (
        "サーバーに接続できません（オフラインの可能性があります）",
        "cannot reach the server (you may be offline)",
    ),
    "sync.cut_off": ("サーバーからの応答が途中で切れました", "the server's answer was cut off"),
    "sync.server_error": ("サーバーでエラーが発生しました", "the server had an error"),
    "sync.malformed_response": (
        "サーバーの応答を読み取れません",
        "the server's answer cannot be read",
    ),
    "sync.too_large": ("送信データが大きすぎます", "what would be sent is too large"),
    "sync.client_outdated": (
        "dxfield が古いため同期できません。更新してください",
        "this dxfield is too old to sync; update it",
    ),
    "sync.server_outdated": (
        "サーバーが古いため同期できません",
        "the server is too old to sync with",
    ),
    "sync.bad_request": (
        "サーバーが要求を受け付けませんでした",
        "the server did not accept the request",
    ),
    "sync.insecure_url": (
        "暗号化されていない接続 (http) は使用できません",
        "an unencrypted connection (http) cannot be used",
    ),
    "sync.no_keyring": (
        "パスワードを安全に保存する仕組み（キーリング）が利用できません",
        "no keyring is available to keep the login safely",
    ),
    "sync.cancelled": ("同期を中止しました", "the sync was cancelled"),
    "sync.redirected": (
        "サーバーが別の場所へ転送しようとしたため中止しました。サーバーのアドレスを確認してください",
        "stopped because the server tried to redirect elsewhere; check the server's address",
    ),
    "sync.busy": (
        "サーバーが混み合っています。しばらく待ってから再試行してください",
        "the server is busy; wait a while and try again",
    ),
    "sync.push_abandoned": (
        "途中で止まった送信をサーバーが取り消しました。もう一度同期すると送り直します",
        "the server undid a send that stopped halfway; sync again to send it anew",
    ),
    "sync.invalid_record": (
        "サーバーが変更を受け付けませんでした",
        "the server did not accept a change",
    ),
    "sync.mass_delete": (
        "一度に多くの記録を削除しようとしているため、同期を保留しました",
        "the sync was held because it deletes many records at once",
    ),
    "sync.quota_exceeded": (
        "サーバーに保存できる量（ユーザーごとの上限）を超えるため送信できません。管理者に連絡してください",
        "cannot send: it would exceed what the server keeps per user; contact the administrator",
    ),
    "sync.apply_failed": (
        "受信したデータをこの端末に保存できませんでした",
        "the data received could not be saved on this computer",
    ),
    "sync_error.failed": ("同期に失敗しました", "the sync failed"),
    "sync_error.confirm_deletes": (
        "{deletes}。削除してよければ確認のうえ同期し直してください",
        "{deletes}. If the deletions are meant, confirm them and sync again",
    ),
    "sync_error.deletes": ("{label} {deletes} 件を削除", "delete {deletes} {label}"),
    "sync_error.deletes_of": (
        "{label} {deletes} 件（{live} 件中）を削除",
        "delete {deletes} of {live} {label}",
    ),
    "sync_error.many_deletes": ("多数の記録を削除", "delete many records"),
    "sync_error.quota": (
        "作成済み {records:,} 件・{megabytes:.1f} MB、今回 {adding:,} 件、"
        "上限 {max_records:,} 件・{max_megabytes:.1f} MB",
        "{records:,} records ({megabytes:.1f} MB) stored, {adding:,} more now, "
        "limit {max_records:,} records ({max_megabytes:.1f} MB)",
    ),
    "sync_error.quota_reached": ("上限に達しました", "the limit is reached"),
    # --- a bundled resource (``ResourceError``, after the title 「インストールが不完全です」)
    "resource.missing": (
        "同梱ファイル resources/{path} がありません。dxfield をインストールし直してください",
        "bundled resource missing: resources/{path}",
    ),
    "resource.damaged": (
        "同梱ファイル resources/{path} が壊れています。dxfield をインストールし直してください",
        "bundled resource damaged: resources/{path}",
    ),
    "resource.unreadable": (
        "{source} を読み取れません: {detail}",
        "{source}: cannot read: {detail}",
    ),
    "resource.not_json": (
        "{source} は JSON として読めません: {detail}",
        "{source}: not valid JSON: {detail}",
    ),
    "resource.version_twice": (
        "{source} の template_version {version} は {other} でも使われています",
        "{source}: template_version {version} is also used by {other}",
    ),
    "resource.phases_malformed": (
        "resources/phases.json の内容に誤りがあります: {detail}",
        "resources/phases.json is malformed: {detail}",
    ),
    "resource.municipalities_line": (
        "resources/municipalities.csv の {line} 行目に誤りがあります: {detail}",
        "resources/municipalities.csv line {line}: {detail}",
    ),
    "resource.themes_malformed": (
        "{source} のテーマ一覧に誤りがあります: {detail}",
        "{source}: malformed theme list: {detail}",
    ),
    "resource.theme_twice": (
        "{source} に同じテーマが2回あります",
        "{source}: a theme label is listed twice",
    ),
    "resource.font": (
        "帳票のフォント resources/fonts/{file} を読み込めません: {detail}",
        "cannot load the report font resources/fonts/{file}: {detail}",
    ),
    # --- a template file's definition (the assessment sheet, a survey): after the title
    # 「インストールが不完全です」; ``where`` is the file and the place in it
    "template.list_empty": (
        "{where}: 「{field}」は空でないリストにしてください",
        "{where}: {field!r} must be a non-empty list",
    ),
    "template.code_twice": (
        "{where}: 設問コード {code} が2回使われています",
        "{where}: question code {code} is used twice",
    ),
    "template.item_code_twice": (
        "{where}: 設問コード {code} が2回使われています",
        "{where}: item code {code} is used twice",
    ),
    "template.thresholds": (
        "{where}: 分野 {domain} の支援レベルのしきい値は0から始めて必ず増えるようにしてください"
        "（いま {steps}）",
        "{where}: support-level thresholds for domain {domain!r} must start at 0 and rise "
        "strictly, got {steps}",
    ),
    "template.not_object": (
        "{where}: ファイルの中身（{noun}）は JSON のオブジェクトにしてください",
        "{where}: a {noun} is a JSON object",
    ),
    "template.format": (
        "{where}: {noun} の形式 {fmt} には対応していません",
        "{where}: unsupported {noun} format {fmt!r}",
    ),
    "template.text_empty": (
        "{where}: 「{field}」は空でない文字列にしてください",
        "{where}: {field!r} must be a non-empty text",
    ),
    "template.keyed_item": (
        "{where}: {field}[{n}] は key と label を持つオブジェクトにしてください",
        "{where}: {field}[{n}] must be an object with key and label",
    ),
    "template.key_twice": (
        "{where}: 「{field}」に同じ key が2回あります",
        "{where}: {field!r} has a key twice",
    ),
    "template.not_whole": (
        "{where} は整数にしてください（いま {value}）",
        "{where} must be a whole number, got {value!r}",
    ),
    "template.must_be_object": (
        "{where} はオブジェクトにしてください",
        "{where} must be an object",
    ),
    "template.override_domain": (
        "{where}: support_level_overrides に知らない分野 {domain} があります",
        "{where}: support_level_overrides names unknown domain {domain!r}",
    ),
    "template.override_level": (
        "{where}: support_level_overrides.{domain} に知らない支援レベル {level} があります",
        "{where}: support_level_overrides.{domain} names unknown level {level!r}",
    ),
    "template.question_code": (
        "{where}: 設問 #{position} には「code」（40文字以内）が必要です",
        "{where}: question #{position} needs a 'code' (up to 40 characters)",
    ),
    "template.unknown_type": (
        "{where}: type {value} は使えません（{known} のどれか）",
        "{where}: unknown type {value!r} (one of {known})",
    ),
    "template.free_text_cell": (
        "{where}: 自由記述の設問は区分（stage・domain）を持てません",
        "{where}: free-text questions belong to no cell (no stage/domain)",
    ),
    "template.not_one_of": (
        "{where}: {name} {value} は {known} のどれでもありません",
        "{where}: {name} {value!r} is not one of {known}",
    ),
    "template.exclusive": (
        "{where}: 「exclusive」は multi_choice の設問でだけ使えます",
        "{where}: 'exclusive' only makes sense in multi_choice",
    ),
    "template.yes_no_points": (
        "{where}: yes_no の設問には points {{'yes': n, 'no': n}} が必要です",
        "{where}: yes_no needs points {{'yes': n, 'no': n}}",
    ),
    "template.bands_missing": (
        "{where}: 数値の設問には「bands」が必要です",
        "{where}: a number question needs 'bands'",
    ),
    "template.band_min": (
        "{where}: bands[{n}] には数値の「min」が必要です",
        "{where}: bands[{n}] needs a numeric 'min'",
    ),
    "template.bands_order": (
        "{where}: bands は「min」の小さい順に並べてください",
        "{where}: bands must be in rising order of 'min'",
    ),
    "template.not_number": (
        "{where}: 「{name}」は数値にしてください",
        "{where}: {name!r} must be a number",
    ),
    "template.min_above_max": (
        "{where}: 「min」が「max」より大きくなっています",
        "{where}: 'min' is above 'max'",
    ),
    "template.choices_few": (
        "{where}: 「choices」（選択肢）は2つ以上必要です",
        "{where}: needs at least two 'choices'",
    ),
    "template.choices_share": (
        "{where}: 値またはラベルが同じ選択肢があります（{names}）",
        "{where}: two choices share a value or a label ({names})",
    ),
    "template.top_box": (
        "{where}: 設問 {code} の top_box {top_box} は回答の選択肢の数（{answers}）より小さく"
        "してください",
        "{where}: item {code}: top_box {top_box} must be fewer than its {answers} answers",
    ),
    "template.headline_target": (
        "{where}: headline.target は0より大きく1以下の割合にしてください",
        "{where}: headline.target must be a share between 0 and 1",
    ),
    "template.default_for": (
        "{where}: default_for が正しくありません: {detail}",
        "{where}: default_for: {detail}",
    ),
    "template.code_long": (
        "{where}: コードが40文字を超えています",
        "{where}: the code is longer than 40 characters",
    ),
    "template.type_one_of": (
        "{where}: 「type」は {known} のどれかにしてください",
        "{where}: 'type' must be one of {known}",
    ),
    "template.likert_scale": (
        "{where}: リッカート尺度の設問には3つ以上の回答の選択肢が必要です",
        "{where}: a Likert item needs a scale of three or more answers",
    ),
    "template.headline_likert": (
        "{where}: 見出しの指標に数えられるのはリッカート尺度の設問だけです",
        "{where}: only Likert items can count towards the headline",
    ),
    "masterdata.kind_unknown": (
        "名前「{name}」からは市・町・村のどれかがわかりません",
        "cannot tell 市/町/村 from the name {name!r}",
    ),
    # --- the sync server's rules an admin meets on ``dxfield-server`` (the API answers with
    # the English text, unchanged; the admin command says the Japanese)
    "server.role_unknown": (
        "役割は {roles} のどれかです",
        "role must be one of {roles}",
    ),
    "server.name_taken": (
        "その名前（または見分けにくい似た名前）はすでに使われています",
        "that name, or one that looks like it, is taken",
    ),
    "server.no_such_user": ("そのユーザーはいません", "no such user"),
    "server.last_admin": (
        "有効な管理者はこのアカウントだけです。先に別の管理者を作ってください",
        "this is the last enabled admin; make another admin first",
    ),
    "server.name_invisible": (
        "ユーザー名に制御文字や見えない文字は使えません",
        "a user name may not contain control or invisible characters",
    ),
    "server.name_length": (
        "ユーザー名は1〜{limit}文字です",
        "a user name is 1 to {limit} characters",
    ),
    "server.name_no_letter": (
        "ユーザー名には文字か数字を1つ以上入れてください",
        "a user name needs at least one letter or digit",
    ),
    "server.password_control": (
        "パスワードに制御文字は使えません",
        "a password may not contain control characters",
    ),
    "server.password_short": (
        "パスワードは{limit}文字以上にしてください",
        "a password has at least {limit} characters",
    ),
    "server.password_long": (
        "パスワードは{limit}文字以内にしてください",
        "a password has at most {limit} characters",
    ),
    "server.password_repeated": (
        "同じ文字の繰り返しはパスワードにできません",
        "a password is not one character repeated",
    ),
    "server.password_has_name": (
        "パスワードにユーザー名を含めることはできません",
        "a password may not contain the user name",
    ),
    "server.password_has_service": (
        "パスワードにサービスの名前を含めることはできません",
        "a password may not contain the service's name",
    ),
    "server.passwords_differ": ("パスワードが一致しません", "the passwords differ"),
    "server.no_such_record": ("その記録はありません", "no such record"),
    "server.invalid_record": (
        "{table} {row_id}: この操作（{what}）では不正な値を保存することになります"
        "（{problem_ja}）。何も変更していません",
        "{table} {row_id}: {what} would store {problem}; nothing was changed",
    ),
    "server.record_ambiguous": (
        "複数の表にこの ID の記録があります（{tables}）。--table で表を指定してください",
        "records of several tables have this id ({tables})",
    ),
    "server.no_such_version": (
        "この記録に版 {version} はありません",
        "the record has no version {version}",
    ),
    "server.undo_range": (
        "終了日時（--until）は開始日時（--since）より後にしてください",
        "until must be after since",
    ),
    "server.no_such_town": (
        "市町村「{wanted}」はありません（名前、団体コードまたは ID で指定してください）",
        "no municipality {wanted!r} (give its name, code or id)",
    ),
    "server.invite_kind": (
        "フォームの種類は {kinds} のどれかです",
        "kind must be one of {kinds}",
    ),
    "server.invite_days": (
        "有効日数は1〜{limit}日です",
        "days must be between 1 and {limit}",
    ),
    "server.no_such_training": (
        "研修 {training_id} はサーバーにありません（先に同期してください）",
        "no training {training_id!r} on the server (sync it first)",
    ),
    "server.invite_needs_town": (
        "アセスメントのリンクには市町村と年度が必要です",
        "an assessment link needs a municipality and a year",
    ),
    "server.implausible_year": (
        "{year} は年度として考えにくい値です",
        "{year} is not a plausible year (年度)",
    ),
    "server.no_such_invite": ("フォームのリンク {ref} はありません", "no form link {ref!r}"),
    "server.needs_url": (
        "--url でサーバーの公開アドレスを指定してください（または DXFIELD_SERVER_PUBLIC_URL）",
        "give --url (the server's public address)",
    ),
    "server.not_a_time": (
        "日時として読めません: {text}（例: 2026-04-01T09:00+09:00）",
        "not a date and time: {text!r} (e.g. 2026-04-01T09:00+09:00)",
    ),
    "server.error": ("エラー: {detail}", "error: {detail}"),
    "server.password_prompt": ("パスワード: ", "password: "),
    "server.password_again": ("もう一度: ", "again: "),
    "server.user_added": (
        "{name} を追加しました（役割: {role}）",
        "added {role} {name}",
    ),
    "server.user_disabled": (
        "{name} を無効にしました。発行済みのトークンも失効させました",
        "disabled {name}; its tokens are revoked",
    ),
    "server.user_enabled": ("{name} を有効にしました", "enabled {name}"),
    "server.role_changed": (
        "{name} の役割を {role} にしました。発行済みのトークンは失効させました",
        "{name} is now {role}; its tokens are revoked",
    ),
    "server.user_active": ("有効", "active"),
    "server.user_inactive": ("無効", "disabled"),
    "server.quota": (
        "{name}: 記録 {records}/{max_records} 件、{used}/{max_bytes} バイト",
        "{name}: {records}/{max_records} records, {used}/{max_bytes} bytes",
    ),
    "server.tokens_revoked": (
        "{name} のトークン {count} 件を失効させました",
        "revoked {count} token(s) of {name}",
    ),
    "server.invite_made": (
        "{ref}\t{url}\t有効期限 {expires} UTC",
        "{ref}\t{url}\texpires {expires} UTC",
    ),
    "server.invite_revoked": (
        "フォームのリンク {ref} を無効にしました",
        "revoked form link {ref}",
    ),
    "server.invite_closed": ("無効化済み", "revoked"),
    "server.history_created": ("（作成）", "(created)"),
    "server.history_deleted": (" [削除済み]", " [deleted]"),
    "server.history_by_server": ("（サーバー）", "(server)"),
    "server.restored": (
        "{table} {row_id} の版 {version} を戻し、版 {new_version} としました",
        "restored version {version} of {table} {row_id} as version {new_version}",
    ),
    "server.undo_revert": ("{fields} を元に戻す", "set back {fields}"),
    "server.undo_delete": ("削除する", "delete"),
    "server.undo_nothing": ("変更なし", "nothing to do"),
    "server.undo_kept": (
        "（あとで別の人が変更したため残す: {fields}）",
        "; kept (changed later by someone else): {fields}",
    ),
    "server.undid": (
        "{user} の変更を記録 {count} 件で取り消しました",
        "undid changes of {user} on {count} record(s)",
    ),
    "server.would_undo": (
        "{user} の変更を記録 {count} 件で取り消します（試行のみ。何も書き込んでいません）",
        "would undo (dry run, nothing written) changes of {user} on {count} record(s)",
    ),
    "server.migrated": (
        "サーバーのデータベースは最新の状態です",
        "the server database is up to date",
    ),
    # --- why a record waits aside in the conflicts view (``sync.apply.SetAside``), stored
    # with the conflict as its code and parameters (``as_json``)
    "aside.read_failed": (
        "この版の dxfield では読み取れない値です（{error}）",
        "this version of dxfield cannot read a value ({error})",
    ),
    "aside.missing_parent": (
        "参照先の {parent} が受け取れなかったため保留しました",
        "held back: the {parent} it refers to was not received",
    ),
    "aside.not_storable": (
        "この端末の規則（重複・整合性）に合わないため保留しました（{rule}）",
        "held back: it breaks a rule of this laptop (a duplicate or a broken link) ({rule})",
    ),
    "aside.unsendable": (
        "サーバーに送信できません（{reason}）。値を直すと次回の同期で送信します",
        "the server does not accept this change ({reason}); correct the value and it is "
        "sent on the next sync",
    ),
    # --- a field that breaks the shared record schema, by its reason code
    # (``sync.schema.REASONS``); ``where`` is "field: " or "" (English is the server's 422)
    "rule.type": ("{where}値の型が正しくありません", "{where}wrong type"),
    "rule.null": ("{where}値が空です", "{where}must not be null"),
    "rule.enum": ("{where}選択肢にない値です", "{where}not one of the allowed values"),
    "rule.range": ("{where}値が範囲外です", "{where}out of range"),
    "rule.length": ("{where}文字数が多すぎます", "{where}too long"),
    "rule.control": ("{where}制御文字が含まれています", "{where}contains control characters"),
    "rule.date": ("{where}日付の形式が正しくありません", "{where}not an ISO date (YYYY-MM-DD)"),
    "rule.datetime": ("{where}日時の形式が正しくありません", "{where}not an ISO date and time"),
    "rule.id": ("{where}IDの形式が正しくありません", "{where}not a record id"),
    "rule.finite": ("{where}数値が不正です（NaN・無限大）", "{where}not a finite number"),
    "rule.json": (
        "{where}データの構造が深すぎるか大きすぎます",
        "{where}nested too deep or too large",
    ),
    "rule.unknown_field": ("{where}この版の dxfield が知らない項目です", "{where}unknown field"),
    "rule.unknown_table": (
        "{where}この版の dxfield が知らない種類のデータです",
        "{where}unknown table",
    ),
    "rule.shape": ("{where}レコードの形式が正しくありません", "{where}not a record"),
    "rule.reference": (
        "{where}参照先のデータがありません",
        "{where}refers to a record the server does not have",
    ),
    "rule.other": ("{where}サーバーの規則に合いません", "{where}does not meet the server's rules"),
}


@dataclass(frozen=True)
class Message:
    """Which message, with what in it; ``str()`` is the English text (for logs and tests)."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, language: str = "ja") -> str:
        return render(self.key, self.params, language)

    def __str__(self) -> str:
        return self.text("en")


def msg(key: str, **params: Any) -> Message:
    """A message by its code; an unknown code fails here, where it is written."""
    if key not in CATALOG:
        raise KeyError(f"no message {key!r} in dxfield.messages.CATALOG")
    return Message(key, params)


def render(key: str, params: Mapping[str, Any], language: str = "ja") -> str:
    """The text of ``key``; a parameter that is itself a ``Message`` is said in the same
    language (a check's result inside the sentence saying what failed)."""
    ja, en = CATALOG[key]
    said = {k: v.text(language) if isinstance(v, Message) else v for k, v in params.items()}
    return (en if language == "en" else ja).format_map(said)


def by_code(kind: str, code: str, language: str = "ja") -> str | None:
    """An error's ``kind`` of text ("title" or "error") for its ``code``; None when the
    catalog has none (the caller says something general)."""
    key = f"{kind}.{code}"
    return render(key, {}, language) if key in CATALOG else None


def as_json(said: Message) -> dict[str, Any]:
    """A message as JSON (its code and parameters, a message inside it alike), to store it
    and say it later in the reader's language."""
    params = {k: as_json(v) if isinstance(v, Message) else v for k, v in said.params.items()}
    return {"key": said.key, "params": params}


def from_json(data: Any) -> Message | None:
    """The message ``as_json`` stored; None for anything else (a text stored before codes,
    or a code or parameters this version does not know), which the caller shows as stored."""
    if not isinstance(data, dict) or data.get("key") not in CATALOG:
        return None
    stored = data.get("params")
    if not isinstance(stored, dict):
        return None
    params: dict[str, Any] = {}
    for name, value in stored.items():
        inner = from_json(value) if isinstance(value, dict) else value
        if isinstance(value, dict) and inner is None:
            return None
        params[name] = inner
    needed = {n for t in CATALOG[data["key"]] for _, n, _, _ in string.Formatter().parse(t) if n}
    return Message(data["key"], params) if needed <= params.keys() else None


class Refusal(ValueError):
    """A value that cannot be read, saying why with a ``Message`` (the cell readers' error)."""

    def __init__(self, said: Message) -> None:
        super().__init__(str(said))
        self.said = said


def said(exc: BaseException) -> Message | str:
    """What an error says: its ``Message`` when it has one, else its text."""
    return getattr(exc, "said", None) or str(exc)
