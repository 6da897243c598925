"""Messages of the programme's data: templates and answers, imports, visits, trainings, surveys, needs and proposals."""

TEXTS: dict[str, tuple[str, str]] = {
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
    "proposal.compare_count": (
        "--compare には版の ID を1つか2つ指定してください",
        "--compare takes one or two version ids",
    ),
    "report.format_unknown": (
        "{name} には書けません（ファイル名の末尾を {allowed} にしてください）",
        "{name}: the report is written as {allowed}",
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
}
