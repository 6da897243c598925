"""Messages of the sync server and the laptop's sync: the API's refusals, the record rules, what a pull set aside."""

TEXTS: dict[str, tuple[str, str]] = {
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
