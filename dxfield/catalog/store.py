"""Messages of the store on the laptop: its file, key, backups, copies, restore and recovery, the files the app reads and writes."""

TEXTS: dict[str, tuple[str, str]] = {
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
    "export.format_unknown": (
        "{name} の形式が分かりません（ファイル名の末尾を {allowed} にしてください）",
        "cannot tell the format of {name}: the name must end in {allowed}",
    ),
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
}
