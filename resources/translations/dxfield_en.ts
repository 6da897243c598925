<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>AboutDialog</name>
    <message>
        <source>dxfield について</source>
        <translation>About dxfield</translation>
    </message>
    <message>
        <source>バージョン</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>データフォルダー</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>{0:.1f} MB</source>
        <translation>{0:.1f} MB</translation>
    </message>
    <message>
        <source>データベースの大きさ</source>
        <translation>Database size</translation>
    </message>
    <message>
        <source>バックアップ先</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <source>ログ</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>ログフォルダーを開く</source>
        <translation>Open log folder</translation>
    </message>
</context>
<context>
    <name>AnswerWidget</name>
    <message>
        <source>（未回答）</source>
        <translation>(no answer)</translation>
    </message>
    <message>
        <source>はい</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>いいえ</source>
        <translation>No</translation>
    </message>
    <message>
        <source>この行をニーズに登録</source>
        <translation>Register this line as a need</translation>
    </message>
</context>
<context>
    <name>AssessmentPage</name>
    <message>
        <source>閲覧モード（編集しない）</source>
        <translation>Review mode (read-only)</translation>
    </message>
    <message>
        <source>回答 %v / %m</source>
        <translation>Answered %v / %m</translation>
    </message>
    <message>
        <source>この回答を削除…</source>
        <translation>Delete this response…</translation>
    </message>
    <message>
        <source>新規</source>
        <translation>New</translation>
    </message>
    <message>
        <source>自由記述</source>
        <translation>Free text</translation>
    </message>
    <message>
        <source>（任意）</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <source>点数による支援分類</source>
        <translation>Support level by score</translation>
    </message>
    <message>
        <source>合計 %1 / %2 点</source>
        <translation>Total %1 / %2 points</translation>
    </message>
    <message>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>ニーズに登録しました（%1）。</source>
        <translation>Registered as a need (%1).</translation>
    </message>
    <message>
        <source>この行はすでにニーズに登録されています（%1）。</source>
        <translation>This line is already registered as a need (%1).</translation>
    </message>
    <message>
        <source>保存中…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>保存済み</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>{0}年度の{1}の回答を削除しますか？削除した回答は、入力し直すか取り込み直せます。</source>
        <translation>Delete the {1} response of {0}? You can enter or import it again afterwards.</translation>
    </message>
    <message>
        <source>回答の削除</source>
        <translation>Delete response</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <source>バックアップを作成…</source>
        <translation>Create a backup…</translation>
    </message>
    <message>
        <source>バックアップから復元…</source>
        <translation>Restore from backup…</translation>
    </message>
    <message>
        <source>訪問予定をExcelに書き出す…</source>
        <translation>Export visit plans to Excel…</translation>
    </message>
    <message>
        <source>訪問予定をカレンダー（.ics）に書き出す…</source>
        <translation>Export visit plans as a calendar (.ics)…</translation>
    </message>
    <message>
        <source>研修をExcelに書き出す…</source>
        <translation>Export trainings to Excel…</translation>
    </message>
    <message>
        <source>研修予定をカレンダー（.ics）に書き出す…</source>
        <translation>Export trainings to a calendar (.ics)…</translation>
    </message>
    <message>
        <source>アクション一覧をExcelに書き出す…</source>
        <translation>Export action items to Excel…</translation>
    </message>
    <message>
        <source>アセスメント回答を書き出す（CSV/Excel）…</source>
        <translation>Export assessment answers (CSV/Excel)…</translation>
    </message>
    <message>
        <source>記入用アセスメントシート（Excel）を作成…</source>
        <translation>Create a blank assessment sheet (Excel)…</translation>
    </message>
    <message>
        <source>暗号化されていなかったバックアップ {0} 件を暗号化し直しました。</source>
        <translation>Re-encrypted {0} plain backups.</translation>
    </message>
    <message>
        <source>{0} の中:</source>
        <translation>In {0}:</translation>
    </message>
    <message>
        <source>ほか {0} 件</source>
        <translation>and {0} more</translation>
    </message>
    <message>
        <source>上書きして削除しますか？「いいえ」を選ぶと、これらのファイルは残し、次回からはたずねません（新しく見つかったときはたずねます）。</source>
        <translation>Overwrite and delete them? &quot;No&quot; keeps these files and does not ask again (only about files found later).</translation>
    </message>
    <message>
        <source>暗号化されていないファイル</source>
        <translation>Files that are not encrypted</translation>
    </message>
    <message>
        <source>バックアップの保存先</source>
        <translation>Save the backup to</translation>
    </message>
    <message>
        <source>dxfield バックアップ (*.sqlite3)</source>
        <translation>dxfield backup (*.sqlite3)</translation>
    </message>
    <message>
        <source>バックアップを作成しています…</source>
        <translation>Creating a backup…</translation>
    </message>
    <message>
        <source>バックアップを作成しました: {0}</source>
        <translation>Backup created: {0}</translation>
    </message>
    <message>
        <source>復元するバックアップ</source>
        <translation>Backup to restore</translation>
    </message>
    <message>
        <source>次のバックアップで、現在のデータを置き換えます。</source>
        <translation>The current data will be replaced by this backup.</translation>
    </message>
    <message>
        <source>現在のデータは壊れています。置き換える前に backups/damaged に保管します。</source>
        <translation>The current data is damaged. It is kept in backups/damaged before it is replaced.</translation>
    </message>
    <message>
        <source>まだ同期していない変更が {0} 件あります。復元するとこれらは失われます。先に同期することをおすすめします。</source>
        <translation>There are {0} changes not synced yet. Restoring will lose them. Sync first if you can.</translation>
    </message>
    <message>
        <source>現在のデータは backups フォルダに保存してから置き換えます。</source>
        <translation>The current data is saved to the backups folder before it is replaced.</translation>
    </message>
    <message>
        <source>バックアップから復元</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <source>復元しています…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <source>復元しました。</source>
        <translation>Restored.</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>iCalendar (*.ics)</source>
        <translation>iCalendar (*.ics)</translation>
    </message>
    <message>
        <source>CSV (*.csv);;Excel (*.xlsx)</source>
        <translation>CSV (*.csv);;Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>書き出し先</source>
        <translation>Export to</translation>
    </message>
    <message>
        <source>先方の参加者の氏名</source>
        <translation>names of the municipality&apos;s participants</translation>
    </message>
    <message>
        <source>対応事項の担当者の氏名</source>
        <translation>names of those responsible for action items</translation>
    </message>
    <message>
        <source>回答者の氏名</source>
        <translation>names of respondents</translation>
    </message>
    <message>
        <source>この書き出しには個人情報（{0}）が含まれます。書き出したファイルは暗号化されず、データフォルダーの外に保存されます。USBメモリ等に入れる場合は紛失にご注意ください。書き出しますか？（この確認は今回のみ表示します）</source>
        <translation>This export contains personal data ({0}). The file is not encrypted and is saved outside the data folder; take care not to lose it on a USB stick. Export it? (This is asked only once.)</translation>
    </message>
    <message>
        <source>個人情報の書き出し</source>
        <translation>Exporting personal data</translation>
    </message>
    <message>
        <source>書き出しています…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>書き出しました: {0}</source>
        <translation>Exported: {0}</translation>
    </message>
</context>
<context>
    <name>BatchPrintDialog</name>
    <message>
        <source>配布資料の一括印刷</source>
        <translation>Print handouts in one go</translation>
    </message>
    <message>
        <source>面談記録を作成しています…</source>
        <translation>Making the handout…</translation>
    </message>
    <message>
        <source>中止しています…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>面談記録を作成しています… {0} / {1} 件</source>
        <translation>Making handouts… {0} / {1}</translation>
    </message>
</context>
<context>
    <name>ColumnMappingModel</name>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>見出し</source>
        <translation>Heading</translation>
    </message>
    <message>
        <source>使い方</source>
        <translation>How to use</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>担当者</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>ふりがな</source>
        <translation>Reading (kana)</translation>
    </message>
    <message>
        <source>所属</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>役職</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>メール</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>備考</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>氏名を入力してください。</source>
        <translation>Enter a name.</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>全域</source>
        <translation>All areas</translation>
    </message>
    <message>
        <source>セルをクリックで市町村・訪問を開く</source>
        <translation>Click a cell to open the municipality or the visit</translation>
    </message>
    <message>
        <source>今週の訪問</source>
        <translation>Visits this week</translation>
    </message>
    <message>
        <source>期限超過のアクション</source>
        <translation>Overdue action items</translation>
    </message>
    <message>
        <source>今後30日の研修</source>
        <translation>Trainings in the next 30 days</translation>
    </message>
    <message>
        <source>%1 の進捗</source>
        <translation>Progress in %1</translation>
    </message>
    <message>
        <source>今後30日の研修（%1件）</source>
        <translation>Trainings in the next 30 days (%1)</translation>
    </message>
    <message>
        <source>今年度の研修 %1回・参加者 %2人・アンケート回答 %3件</source>
        <translation>This year: %1 trainings, %2 attendees, %3 survey responses</translation>
    </message>
    <message>
        <source>変化を実感 %1（目標 %2）</source>
        <translation>felt a change %1 (target %2)</translation>
    </message>
    <message>
        <source>今週の訪問（%1件）</source>
        <translation>Visits this week (%1)</translation>
    </message>
    <message>
        <source>期限超過のアクション（%1件）</source>
        <translation>Overdue action items (%1)</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>エラー</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>データの暗号化</source>
        <translation>Data encryption</translation>
    </message>
    <message>
        <source>データファイルはパスフレーズで暗号化されています。</source>
        <translation>The data file is encrypted with a passphrase.</translation>
    </message>
    <message>
        <source>起動のたびにこのパスフレーズの入力が必要です。忘れると、データファイルもバックアップも開けなくなります。</source>
        <translation>You will type this passphrase at every start. If you forget it, neither the data file nor its backups can be opened.</translation>
    </message>
    <message>
        <source>このデータファイルは暗号化されていません。OSのキーリングが使えないため、ここでパスフレーズを決めると、それで暗号化します。</source>
        <translation>This data file is not encrypted. The system keyring cannot be used, so choose a passphrase here to encrypt it with.</translation>
    </message>
    <message>
        <source>「キャンセル」を押すと、暗号化しないまま開きます（次回の起動時にまたたずねます）。</source>
        <translation>Cancel opens it unencrypted (you will be asked again at the next start).</translation>
    </message>
    <message>
        <source>OSのキーリングが使えないため、データファイルはパスフレーズで暗号化して作成します。</source>
        <translation>The system keyring cannot be used, so the data file is created encrypted with a passphrase.</translation>
    </message>
    <message>
        <source>「キャンセル」を押すと、データファイルは作成しません。</source>
        <translation>Cancel creates no data file.</translation>
    </message>
    <message>
        <source>新しいパスフレーズ:</source>
        <translation>New passphrase:</translation>
    </message>
    <message>
        <source>パスフレーズ:</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>確認のためもう一度:</source>
        <translation>Once more, to confirm:</translation>
    </message>
    <message>
        <source>パスフレーズが一致しません。もう一度入力してください。</source>
        <translation>The passphrases do not match. Please enter it again.</translation>
    </message>
    <message>
        <source>はじめに</source>
        <translation>Getting started</translation>
    </message>
    <message>
        <source>データがまだありません。デモデータを読み込みますか？</source>
        <translation>There is no data yet. Load the demo data?</translation>
    </message>
    <message>
        <source>30市町村の訪問予定・面談記録・アセスメントの例が入ります。後から削除できます。</source>
        <translation>Adds example visit plans, interview notes and assessments for the 30 municipalities. You can delete them later.</translation>
    </message>
</context>
<context>
    <name>DraftVersions</name>
    <message>
        <source>日付</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>版</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>施策</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>ニーズ</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>新しい版を作成…</source>
        <translation>New version…</translation>
    </message>
    <message>
        <source>この版を書き出す…</source>
        <translation>Export this version…</translation>
    </message>
    <message>
        <source>比較</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>1つ選ぶと現在のニーズと、2つ選ぶとその2つの版を比べます。</source>
        <translation>Choose one version to compare it with the needs as they are now, or two to compare them with each other.</translation>
    </message>
    <message>
        <source>現在のニーズ</source>
        <translation>current needs</translation>
    </message>
    <message>
        <source>変更はありません。</source>
        <translation>No changes.</translation>
    </message>
    <message>
        <source>追加された施策</source>
        <translation>Measures added</translation>
    </message>
    <message>
        <source>なくなった施策</source>
        <translation>Measures removed</translation>
    </message>
    <message>
        <source>追加されたニーズ</source>
        <translation>Needs added</translation>
    </message>
    <message>
        <source>外れたニーズ</source>
        <translation>Needs removed</translation>
    </message>
    <message>
        <source>検討状況が変わったニーズ</source>
        <translation>Needs whose status changed</translation>
    </message>
</context>
<context>
    <name>FieldSettingsBox</name>
    <message>
        <source>現場での設定</source>
        <translation>Field settings</translation>
    </message>
    <message>
        <source>未設定（同期 → ログインで設定）</source>
        <translation>Not set (Sync → Log in)</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>ログフォルダーを開く</source>
        <translation>Open log folder</translation>
    </message>
    <message>
        <source>データフォルダー</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>使用中: {0}</source>
        <translation>In use: {0}</translation>
    </message>
    <message>
        <source>バックアップ先</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <source>同期サーバー</source>
        <translation>Sync server</translation>
    </message>
    <message>
        <source>ログ</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>参照…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>フォルダーを選択</source>
        <translation>Choose a folder</translation>
    </message>
    <message>
        <source>保存しました。データフォルダーの変更は次回の起動から有効です。</source>
        <translation>Saved. A new data folder takes effect at the next start.</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>アセスメント回答の取り込み</source>
        <translation>Import assessment answers</translation>
    </message>
    <message>
        <source>Webフォーム（Googleフォーム・Microsoft Forms・LoGoフォーム）の回答CSV/Excel、または記入済みのアセスメントシート（.xlsx）を選んでください。</source>
        <translation>Choose the answers exported from a web form (Google Forms, Microsoft Forms, LoGo Form) as CSV/Excel, or a filled-in assessment sheet (.xlsx).</translation>
    </message>
    <message>
        <source>オープンデータ取組済自治体一覧の取り込み</source>
        <translation>Import the open data adoption list</translation>
    </message>
    <message>
        <source>デジタル庁が公開しているCSVファイルを選んでください。</source>
        <translation>Choose the CSV file published by the Digital Agency.</translation>
    </message>
    <message>
        <source>ファイルを選択</source>
        <translation>Choose a file</translation>
    </message>
    <message>
        <source>参照…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>ファイル</source>
        <translation>File</translation>
    </message>
    <message>
        <source>ファイルから判断</source>
        <translation>Detect from the file</translation>
    </message>
    <message>
        <source>ファイルから判断（なければ当初）</source>
        <translation>Detect from the file (baseline if absent)</translation>
    </message>
    <message>
        <source>当初（ベースライン）</source>
        <translation>Baseline</translation>
    </message>
    <message>
        <source>評価</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>登録済みの回答と内容が違う行は、その回答を置き換える（先にバックアップを作成）</source>
        <translation>Replace stored responses whose answers differ (backs up first)</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>区分</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>回答ファイル (*.csv *.xlsx *.tsv *.txt)</source>
        <translation>Answer files (*.csv *.xlsx *.tsv *.txt)</translation>
    </message>
    <message>
        <source>CSVファイル (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>研修アンケートの取り込み</source>
        <translation>Import training survey answers</translation>
    </message>
    <message>
        <source>%1 のアンケート回答を、Webフォーム（Googleフォーム・Microsoft Forms・LoGoフォーム）から書き出したCSV/Excelで選んでください。</source>
        <translation>Choose the survey answers of %1 as exported from the web form (Google Forms, Microsoft Forms, LoGo Form) in CSV or Excel.</translation>
    </message>
    <message>
        <source>取り込むファイル</source>
        <translation>File to import</translation>
    </message>
</context>
<context>
    <name>FormLinks</name>
    <message>
        <source>Webフォームのリンク</source>
        <translation>Web form link</translation>
    </message>
    <message>
        <source>研修アンケート</source>
        <translation>Training survey</translation>
    </message>
    <message>
        <source> 日</source>
        <translation> days</translation>
    </message>
    <message>
        <source>リンクを発行</source>
        <translation>Make the link</translation>
    </message>
    <message>
        <source>コピー</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>QRコードのPDFを保存…</source>
        <translation>Save the QR code as PDF…</translation>
    </message>
    <message>
        <source>対象</source>
        <translation>For</translation>
    </message>
    <message>
        <source>区分</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>有効期間</source>
        <translation>Valid for</translation>
    </message>
    <message>
        <source>サーバーでリンクを発行しています…</source>
        <translation>Making the link on the server…</translation>
    </message>
    <message>
        <source>リンクは今だけ表示されます。コピーするかQRコードを保存してください。</source>
        <translation>The link is shown only now. Copy it or save the QR code.</translation>
    </message>
    <message>
        <source>QRコードのPDFを保存</source>
        <translation>Save the QR code as PDF</translation>
    </message>
    <message>
        <source>保存できませんでした: %1</source>
        <translation>Could not save: %1</translation>
    </message>
    <message>
        <source>保存しました: %1</source>
        <translation>Saved: %1</translation>
    </message>
</context>
<context>
    <name>HandoutLink</name>
    <message>
        <source>配布資料（面談記録）</source>
        <translation>Handout (meeting record)</translation>
    </message>
    <message>
        <source>回答用リンクとQRコードを載せる</source>
        <translation>Print the answer link and its QR code</translation>
    </message>
    <message>
        <source> 日</source>
        <translation> days</translation>
    </message>
    <message>
        <source>先ほど作成したリンクを載せます（回答期限：%1）。</source>
        <translation>The link made a moment ago is printed (answer by %1).</translation>
    </message>
    <message>
        <source>先ほど作成したリンク（%1 件）を載せます。</source>
        <translation>The links made a moment ago (%1) are printed.</translation>
    </message>
    <message>
        <source>サーバーでアセスメントシートのWebフォームのリンクを作成し、QRコードと一緒に配布資料に載せます。</source>
        <translation>The server makes a link to the assessment sheet&apos;s web form; the handout prints it with its QR code.</translation>
    </message>
    <message>
        <source>サーバーで回答用リンクを作成しています…</source>
        <translation>Making the answer link on the server…</translation>
    </message>
    <message>
        <source>対象</source>
        <translation>For</translation>
    </message>
    <message>
        <source>有効期間</source>
        <translation>Valid for</translation>
    </message>
    <message>
        <source>サーバーで %1 件のアセスメントシートのWebフォームのリンクをまとめて作成し、QRコードと一緒にそれぞれの配布資料に載せます。</source>
        <translation>The server makes the links to %1 assessment sheets&apos; web forms in one go; each handout prints its link with its QR code.</translation>
    </message>
    <message>
        <source>ほかの %1 件は先ほど作成したリンクを載せます。</source>
        <translation> The other %1 print the links made a moment ago.</translation>
    </message>
    <message>
        <source>回答用リンクを作成できませんでした。
%1

リンクとQRコードなしで配布資料を作成しますか？</source>
        <translation>The answer link could not be made.
%1

Make the handout without the link and QR code?</translation>
    </message>
    <message>
        <source>回答用リンク</source>
        <translation>Answer link</translation>
    </message>
</context>
<context>
    <name>HandoutPrinter</name>
    <message>
        <source>プレビュー</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>印刷</source>
        <translation>Print</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>ファイルの取り込み</source>
        <translation>Import a file</translation>
    </message>
    <message>
        <source>取り込む</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>{0} を読み込んでいます…</source>
        <translation>Reading {0}…</translation>
    </message>
    <message>
        <source>{0}（{1}）シートの版 {2}</source>
        <translation>{0} ({1}) sheet version {2}</translation>
    </message>
    <message>
        <source>回答 {0} 件（新規 {1} 件）</source>
        <translation>{0} responses ({1} new)</translation>
    </message>
    <message>
        <source>うち {0} 件は登録済みの回答を置き換えます（変わる設問は下の一覧）。</source>
        <translation>{0} of them replace a stored response (the changed questions are listed below).</translation>
    </message>
    <message>
        <source>このファイルは取り込み済みです（{0}）。</source>
        <translation>This file has already been imported ({0}).</translation>
    </message>
    <message>
        <source>問題が {0} 件あります。何も書き込みません。</source>
        <translation>{0} problems found. Nothing will be written.</translation>
    </message>
    <message>
        <source>（取り込み済み）</source>
        <translation> (already imported)</translation>
    </message>
    <message>
        <source>（置き換え）</source>
        <translation> (replaces)</translation>
    </message>
    <message>
        <source>{0}（{1}）アンケートの版 {2}</source>
        <translation>{0} ({1}), survey version {2}</translation>
    </message>
    <message>
        <source>回答 {0} 件（新規 {1} 件、更新 {2} 件）</source>
        <translation>{0} responses ({1} new, {2} updated)</translation>
    </message>
    <message>
        <source>{0} 団体を読み込みました（{1}）。</source>
        <translation>Read {0} local governments ({1}).</translation>
    </message>
    <message>
        <source>県内: {0} / {1} 市町村（{2:.1%}）件数 {3} 位・割合 {4} 位</source>
        <translation>Prefecture: {0} / {1} municipalities ({2:.1%}), rank {3} by count, {4} by rate</translation>
    </message>
    <message>
        <source>全国: {0} / {1} 市区町村（{2:.1%}）</source>
        <translation>Nationwide: {0} / {1} municipalities ({2:.1%})</translation>
    </message>
    <message>
        <source>このファイルは取り込み済みです。</source>
        <translation>This file has already been imported.</translation>
    </message>
    <message>
        <source>このファイルは取り込めません。何も書き込んでいません。</source>
        <translation>This file cannot be imported. Nothing was written.</translation>
    </message>
    <message>
        <source>取り込んでいます…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>取り込めませんでした。</source>
        <translation>The import failed.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>アセスメントシート</source>
        <translation>Assessment sheet</translation>
    </message>
    <message>
        <source>初回面談</source>
        <translation>Intake</translation>
    </message>
    <message>
        <source>全体相談</source>
        <translation>Overall assessment</translation>
    </message>
    <message>
        <source>分野別相談</source>
        <translation>Domain assessment</translation>
    </message>
    <message>
        <source>任意相談</source>
        <translation>Monitoring</translation>
    </message>
    <message>
        <source>評価面談</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>紀北</source>
        <translation>Kihoku (north)</translation>
    </message>
    <message>
        <source>紀南</source>
        <translation>Kinan (south)</translation>
    </message>
    <message>
        <source>訪問</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>オンライン</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>訪問+オンライン</source>
        <translation>Visit + online</translation>
    </message>
    <message>
        <source>予定</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>実施済</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>中止</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>出席者</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <source>現状</source>
        <translation>Current state</translation>
    </message>
    <message>
        <source>課題</source>
        <translation>Issues</translation>
    </message>
    <message>
        <source>要望</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>合意事項</source>
        <translation>Agreements</translation>
    </message>
    <message>
        <source>メモ</source>
        <translation>Memo</translation>
    </message>
    <message>
        <source>市町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>アドバイザー</source>
        <translation>Advisors</translation>
    </message>
    <message>
        <source>県</source>
        <translation>Prefecture</translation>
    </message>
    <message>
        <source>未着手</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>対応中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>完了</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>取り下げ</source>
        <translation>Dropped</translation>
    </message>
    <message>
        <source>当初（ベースライン）</source>
        <translation>Baseline</translation>
    </message>
    <message>
        <source>評価</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>予定あり</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>期限超過</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>未回答</source>
        <translation>Not answered</translation>
    </message>
    <message>
        <source>回答中</source>
        <translation>Being answered</translation>
    </message>
    <message>
        <source>回答済</source>
        <translation>Answered</translation>
    </message>
    <message>
        <source>%1（%2 送信）</source>
        <translation>%1 (sent %2)</translation>
    </message>
    <message>
        <source>%1（%2 保存）</source>
        <translation>%1 (saved %2)</translation>
    </message>
    <message>
        <source>トップセミナー</source>
        <translation>Top seminar</translation>
    </message>
    <message>
        <source>DX入門研修</source>
        <translation>DX introductory training</translation>
    </message>
    <message>
        <source>合同研修会</source>
        <translation>Joint training (summer camp)</translation>
    </message>
    <message>
        <source>研修動画</source>
        <translation>Training video</translation>
    </message>
    <message>
        <source>その他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>会場</source>
        <translation>On site</translation>
    </message>
    <message>
        <source>会場+オンライン</source>
        <translation>On site + online</translation>
    </message>
    <message>
        <source>動画配信</source>
        <translation>Video on demand</translation>
    </message>
    <message>
        <source>首長・幹部</source>
        <translation>Mayors and executives</translation>
    </message>
    <message>
        <source>職員</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>未検討</source>
        <translation>Not reviewed</translation>
    </message>
    <message>
        <source>採用</source>
        <translation>Adopted</translation>
    </message>
    <message>
        <source>検討中</source>
        <translation>Under review</translation>
    </message>
    <message>
        <source>見送り</source>
        <translation>Declined</translation>
    </message>
    <message>
        <source>アセスメント自由記述</source>
        <translation>Assessment free text</translation>
    </message>
    <message>
        <source>面談記録</source>
        <translation>Meeting notes</translation>
    </message>
    <message>
        <source>研修</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>アンケート自由記述</source>
        <translation>Survey comment</translation>
    </message>
    <message>
        <source>月</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>火</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>水</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>木</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>金</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>土</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>日</source>
        <translation>Sun</translation>
    </message>
</context>
<context>
    <name>Launch</name>
    <message>
        <source>データを復旧しています…</source>
        <translation>Recovering the data…</translation>
    </message>
    <message>
        <source>データの点検で損傷が見つかりました。早めにバックアップから復元してください。</source>
        <translation>The data check found damage. Restore from a backup soon.</translation>
    </message>
    <message>
        <source>データを復旧しました。</source>
        <translation>The data was recovered.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>dxfield — 市町村DX支援 記録</source>
        <translation>dxfield — municipal DX support records</translation>
    </message>
    <message>
        <source>ダッシュボード</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>市町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>訪問計画</source>
        <translation>Visit planner</translation>
    </message>
    <message>
        <source>研修</source>
        <translation>Trainings</translation>
    </message>
    <message>
        <source>面談記録</source>
        <translation>Interview notes</translation>
    </message>
    <message>
        <source>アセスメント</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>ニーズ・要望</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>検索</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>データを開いています…</source>
        <translation>Opening the data…</translation>
    </message>
    <message>
        <source>ファイル(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>訪問(&amp;V)</source>
        <translation>&amp;Visits</translation>
    </message>
    <message>
        <source>表示(&amp;W)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>新しい訪問…</source>
        <translation>New visit…</translation>
    </message>
    <message>
        <source>配布資料を印刷…</source>
        <translation>Print handout…</translation>
    </message>
    <message>
        <source>アセスメントの取り込み…</source>
        <translation>Import assessment answers…</translation>
    </message>
    <message>
        <source>バックアップ…</source>
        <translation>Backup…</translation>
    </message>
    <message>
        <source>終了</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>新しい研修…</source>
        <translation>New training…</translation>
    </message>
    <message>
        <source>ヘルプ(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>dxfield について…</source>
        <translation>About dxfield…</translation>
    </message>
    <message>
        <source>ログフォルダーを開く</source>
        <translation>Open log folder</translation>
    </message>
    <message>
        <source>ツールバー</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source> 年度 </source>
        <translation> Year </translation>
    </message>
    <message>
        <source>保存・読込中…</source>
        <translation>Saving / loading…</translation>
    </message>
    <message>
        <source>オープンデータ取組一覧の取り込み…</source>
        <translation>Import the open data adoption list…</translation>
    </message>
    <message>
        <source>同期の競合を確認…</source>
        <translation>Review sync conflicts…</translation>
    </message>
    <message>
        <source>同期の競合</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <source>訪問を保存しました</source>
        <translation>Visit saved</translation>
    </message>
    <message>
        <source>デモデータを読み込んでいます…</source>
        <translation>Loading demo data…</translation>
    </message>
    <message>
        <source>デモデータを読み込みました</source>
        <translation>Demo data loaded</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <source>日時</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <source>市町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>フェーズ</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>方法</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>チーム</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>未集計</source>
        <translation>not counted</translation>
    </message>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>研修名</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>参加市町村</source>
        <translation>Municipalities</translation>
    </message>
    <message>
        <source>（全市町村）</source>
        <translation>(all municipalities)</translation>
    </message>
    <message>
        <source>参加者</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <source>回答</source>
        <translation>Responses</translation>
    </message>
    <message>
        <source>聞いた日</source>
        <translation>Heard on</translation>
    </message>
    <message>
        <source>県全体</source>
        <translation>Prefecture-wide</translation>
    </message>
    <message>
        <source>分野</source>
        <translation>Domain</translation>
    </message>
    <message>
        <source>テーマ</source>
        <translation>Themes</translation>
    </message>
    <message>
        <source>ニーズ</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>出典</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>対応内容</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>所属</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>役職</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>メール</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Webフォーム: %1</source>
        <translation>Web form: %1</translation>
    </message>
</context>
<context>
    <name>MunicipalityPage</name>
    <message>
        <source>新しい訪問…</source>
        <translation>New visit…</translation>
    </message>
    <message>
        <source>アセスメントを開く</source>
        <translation>Open assessment</translation>
    </message>
    <message>
        <source>Webフォームのリンク…</source>
        <translation>Web form link…</translation>
    </message>
    <message>
        <source>この市町村がアセスメントシートにブラウザで回答するリンク</source>
        <translation>A link for this municipality to answer the assessment sheet in a browser</translation>
    </message>
    <message>
        <source>当初</source>
        <translation>Baseline</translation>
    </message>
    <message>
        <source>評価</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>アセスメント（段階×分野）</source>
        <translation>Assessment (stage × domain)</translation>
    </message>
    <message>
        <source>分野別レーダー</source>
        <translation>Radar by domain</translation>
    </message>
    <message>
        <source>分野</source>
        <translation>Domain</translation>
    </message>
    <message>
        <source>差</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>支援分類（当初→評価）</source>
        <translation>Support level (baseline → evaluation)</translation>
    </message>
    <message>
        <source>成果把握（当初と評価の差）</source>
        <translation>Outcome (evaluation minus baseline)</translation>
    </message>
    <message>
        <source>担当者を追加…</source>
        <translation>Add a contact…</translation>
    </message>
    <message>
        <source>日付</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>フェーズ</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>要望</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>研修を追加…</source>
        <translation>Add a training…</translation>
    </message>
    <message>
        <source>ニーズを追加…</source>
        <translation>Add need…</translation>
    </message>
    <message>
        <source>訪問履歴</source>
        <translation>Visit history</translation>
    </message>
    <message>
        <source>未完了のアクション</source>
        <translation>Open action items</translation>
    </message>
    <message>
        <source>研修</source>
        <translation>Trainings</translation>
    </message>
    <message>
        <source>ニーズ</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>担当者</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <source>ニーズ（%1）</source>
        <translation>Needs (%1)</translation>
    </message>
    <message>
        <source>人口</source>
        <translation>Population</translation>
    </message>
    <message>
        <source>団体コード</source>
        <translation>LG code</translation>
    </message>
    <message>
        <source>要望（%1）</source>
        <translation>Requests (%1)</translation>
    </message>
    <message>
        <source>研修（%1）</source>
        <translation>Trainings (%1)</translation>
    </message>
    <message>
        <source>未完了のアクション（%1）</source>
        <translation>Open action items (%1)</translation>
    </message>
    <message>
        <source>担当者（%1）</source>
        <translation>Contacts (%1)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Webフォーム&#x3000;%1</source>
        <translation>Web forms: %1</translation>
    </message>
    <message>
        <source>%1 の研修アンケートに、この市町村からの回答はまだありません。</source>
        <translation>No survey answers from this municipality in %1 yet.</translation>
    </message>
    <message>
        <source>%1 の研修アンケート（この市町村の回答 %2件）: %3 %4</source>
        <translation>Training surveys of %1 (%2 responses from this municipality): %3 %4</translation>
    </message>
    <message>
        <source>%1 のアセスメント結果はまだありません</source>
        <translation>No assessment results for %1 yet</translation>
    </message>
    <message>
        <source>点数による支援分類</source>
        <translation>Support level by score</translation>
    </message>
</context>
<context>
    <name>NeedDialog</name>
    <message>
        <source>ニーズ・要望</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>ニーズ・要望の登録</source>
        <translation>Register a need</translation>
    </message>
    <message>
        <source>その他のテーマ（、区切り）</source>
        <translation>Other themes (separated by 、)</translation>
    </message>
    <message>
        <source>空欄：分野とテーマでまとめます</source>
        <translation>Empty: grouped by domain and theme</translation>
    </message>
    <message>
        <source>市町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>分野</source>
        <translation>Domain</translation>
    </message>
    <message>
        <source>テーマ</source>
        <translation>Themes</translation>
    </message>
    <message>
        <source>ニーズ</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>元の言葉・出典</source>
        <translation>Original words / source</translation>
    </message>
    <message>
        <source>聞いた日</source>
        <translation>Heard on</translation>
    </message>
    <message>
        <source>検討状況</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>施策（たたき台）</source>
        <translation>Measure (draft proposal)</translation>
    </message>
    <message>
        <source>検討メモ</source>
        <translation>Review note</translation>
    </message>
    <message>
        <source>県全体（特定の市町村なし）</source>
        <translation>Prefecture-wide (no single municipality)</translation>
    </message>
    <message>
        <source>（直接入力）</source>
        <translation>(entered directly)</translation>
    </message>
</context>
<context>
    <name>NeedsMatrix</name>
    <message>
        <source>採用・検討中のみ</source>
        <translation>Adopted and under review only</translation>
    </message>
    <message>
        <source>段階</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>分野</source>
        <translation>Domain</translation>
    </message>
    <message>
        <source>県平均</source>
        <translation>Prefecture mean</translation>
    </message>
    <message>
        <source>満点</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>得点率</source>
        <translation>Score rate</translation>
    </message>
    <message>
        <source>マスをクリックすると、そのニーズの一覧を表示します。</source>
        <translation>Click a cell to list its needs.</translation>
    </message>
    <message>
        <source>アセスメントの弱い区分（県平均）</source>
        <translation>Weakest assessment cells (prefecture mean)</translation>
    </message>
    <message>
        <source>%1件&#x3000;%2市町村から（県全体 %3件）</source>
        <translation>%1 needs from %2 municipalities (prefecture-wide: %3)</translation>
    </message>
    <message>
        <source>%1件 / %2市町村</source>
        <translation>%1 / %2 mun.</translation>
    </message>
    <message>
        <source>（県全体 %1件）</source>
        <translation> (prefecture-wide: %1)</translation>
    </message>
    <message>
        <source>テーマなし</source>
        <translation>No theme</translation>
    </message>
    <message>
        <source>アセスメントシートの回答がまだありません。</source>
        <translation>No assessment sheets have been answered yet.</translation>
    </message>
    <message>
        <source>%1年度 %2（%3市町村）の回答による。得点率の低い順。</source>
        <translation>From the %1 %2 sheets (%3 municipalities), lowest score rate first.</translation>
    </message>
</context>
<context>
    <name>NeedsPage</name>
    <message>
        <source>たたき台の新しい版</source>
        <translation>New draft version</translation>
    </message>
    <message>
        <source>版の名前（例：5月たたき台、9月改訂。空欄なら日付）</source>
        <translation>Version name (e.g. May draft, September revision; empty: the date)</translation>
    </message>
    <message>
        <source>たたき台の保存先</source>
        <translation>Save draft as</translation>
    </message>
    <message>
        <source>すべての状態</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>採用・検討中</source>
        <translation>Adopted or under review</translation>
    </message>
    <message>
        <source>言葉で絞り込む</source>
        <translation>Filter by words</translation>
    </message>
    <message>
        <source>新しいニーズ…</source>
        <translation>New need…</translation>
    </message>
    <message>
        <source>編集…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>選んだニーズ（複数可）をこの状態にします</source>
        <translation>Set the selected needs (one or more) to this status</translation>
    </message>
    <message>
        <source>削除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>元の記録を開く</source>
        <translation>Open source record</translation>
    </message>
    <message>
        <source>検討状況：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>一覧</source>
        <translation>List</translation>
    </message>
    <message>
        <source>分野×テーマ（市町村横断）</source>
        <translation>Domain × theme (all municipalities)</translation>
    </message>
    <message>
        <source>次年度提案のたたき台</source>
        <translation>Next year&apos;s draft proposal</translation>
    </message>
    <message>
        <source>%1 のニーズ・要望</source>
        <translation>Needs of %1</translation>
    </message>
    <message>
        <source>すべての分野</source>
        <translation>All domains</translation>
    </message>
    <message>
        <source>すべての市町村</source>
        <translation>All municipalities</translation>
    </message>
    <message>
        <source>すべてのテーマ</source>
        <translation>All themes</translation>
    </message>
    <message>
        <source>%1件（%2市町村）</source>
        <translation>%1 needs (%2 municipalities)</translation>
    </message>
    <message>
        <source>ニーズを選ぶと、ここに内容が表示されます。</source>
        <translation>Choose a need to see it here.</translation>
    </message>
    <message>
        <source>市町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>県全体</source>
        <translation>Prefecture-wide</translation>
    </message>
    <message>
        <source>分野</source>
        <translation>Domain</translation>
    </message>
    <message>
        <source>テーマ</source>
        <translation>Themes</translation>
    </message>
    <message>
        <source>聞いた日</source>
        <translation>Heard on</translation>
    </message>
    <message>
        <source>検討状況</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>施策（たたき台）</source>
        <translation>Measure (draft proposal)</translation>
    </message>
    <message>
        <source>出典</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>検討メモ</source>
        <translation>Review note</translation>
    </message>
    <message>
        <source>「%1」を削除しますか？</source>
        <translation>Delete “%1”?</translation>
    </message>
    <message>
        <source>ニーズの削除</source>
        <translation>Delete need</translation>
    </message>
    <message>
        <source>たたき台の版「%1」を保存しました: %2</source>
        <translation>Saved draft version “%1”: %2</translation>
    </message>
    <message>
        <source>前回の版「%1」から変更がないため、その版を書き出しました: %2</source>
        <translation>Nothing changed since version “%1”; exported that version: %2</translation>
    </message>
</context>
<context>
    <name>NotesPage</name>
    <message>
        <source>訪問を選ぶと面談記録を書けます。</source>
        <translation>Choose a visit to write its interview notes.</translation>
    </message>
    <message>
        <source>実施済にする</source>
        <translation>Mark as done</translation>
    </message>
    <message>
        <source>訪問を編集…</source>
        <translation>Edit visit…</translation>
    </message>
    <message>
        <source>市町村ページ</source>
        <translation>Municipality page</translation>
    </message>
    <message>
        <source>アクション（誰が・いつまでに・何を）</source>
        <translation>Action items (who, by when, what)</translation>
    </message>
    <message>
        <source>対応内容（Enterで追加）</source>
        <translation>Action (Enter to add)</translation>
    </message>
    <message>
        <source>追加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>保存中…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>保存済み</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>面談記録（%1）</source>
        <translation>Meeting notes (%1)</translation>
    </message>
    <message>
        <source>ニーズに登録しました</source>
        <translation>Registered as a need</translation>
    </message>
    <message>
        <source>ニーズに登録しました（%1）。ニーズ・要望のページで分野や検討状況を直せます。</source>
        <translation>Registered as a need (%1). Adjust its domain or status on the Needs page.</translation>
    </message>
    <message>
        <source>この行はすでにニーズに登録されています（%1）。</source>
        <translation>This line is already registered as a need (%1).</translation>
    </message>
    <message>
        <source>対応内容を入力してください。</source>
        <translation>Say what is to be done.</translation>
    </message>
</context>
<context>
    <name>PlainStoreHint</name>
    <message>
        <source>暗号化されていません</source>
        <translation>Not encrypted</translation>
    </message>
    <message>
        <source>このデータファイルは暗号化されていません。パソコンを紛失すると中身を読まれるおそれがあります。
暗号化するには、dxfield を起動し直して、たずねられたらパスフレーズを決めてください（OSのキーリングが使えないため、起動のたびに入力します）。または、dxfield を閉じてから「dxfield encryption enable」を実行してください。</source>
        <translation>This data file is not encrypted: if the computer is lost, its contents can be read.
To encrypt it, start dxfield again and choose a passphrase when asked (with no usable system keyring, it is typed at every start). Or close dxfield and run &quot;dxfield encryption enable&quot;.</translation>
    </message>
</context>
<context>
    <name>PlannerPage</name>
    <message>
        <source>全チーム</source>
        <translation>All teams</translation>
    </message>
    <message>
        <source>全フェーズ</source>
        <translation>All phases</translation>
    </message>
    <message>
        <source>全員</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <source>月全体を表示</source>
        <translation>Show the whole month</translation>
    </message>
    <message>
        <source>新しい訪問…</source>
        <translation>New visit…</translation>
    </message>
    <message>
        <source>編集…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>面談記録を開く</source>
        <translation>Open interview notes</translation>
    </message>
    <message>
        <source>この訪問で研修…</source>
        <translation>Training with this visit…</translation>
    </message>
    <message>
        <source>選んだ訪問にあわせて実施する研修を登録します</source>
        <translation>Record a training held together with the selected visit</translation>
    </message>
    <message>
        <source>研修一覧</source>
        <translation>Trainings</translation>
    </message>
    <message>
        <source>チーム</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>フェーズ</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>%1件</source>
        <translation>%1 items</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>取り込み内容の確認</source>
        <translation>Check what will be imported</translation>
    </message>
    <message>
        <source>問題（すべて直すまで取り込めません）</source>
        <translation>Problems (fix them all before importing)</translation>
    </message>
    <message>
        <source>列の対応</source>
        <translation>Column mapping</translation>
    </message>
</context>
<context>
    <name>ProblemModel</name>
    <message>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>訪問・面談</source>
        <translation>visits</translation>
    </message>
    <message>
        <source>面談記録</source>
        <translation>interview notes</translation>
    </message>
    <message>
        <source>対応事項</source>
        <translation>action items</translation>
    </message>
    <message>
        <source>アセスメント回答</source>
        <translation>assessment responses</translation>
    </message>
    <message>
        <source>アセスメントの回答</source>
        <translation>assessment answers</translation>
    </message>
    <message>
        <source>先方の担当者</source>
        <translation>municipal contacts</translation>
    </message>
    <message>
        <source>チームのメンバー</source>
        <translation>team members</translation>
    </message>
    <message>
        <source>訪問の参加者</source>
        <translation>visit participants</translation>
    </message>
    <message>
        <source>研修</source>
        <translation>Trainings</translation>
    </message>
    <message>
        <source>研修の参加市町村</source>
        <translation>Training municipalities</translation>
    </message>
    <message>
        <source>研修アンケートの回答</source>
        <translation>Survey responses</translation>
    </message>
    <message>
        <source>研修アンケートの回答内容</source>
        <translation>Survey answers</translation>
    </message>
    <message>
        <source>ニーズ・要望</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>提案のたたき台の版</source>
        <translation>Proposal draft versions</translation>
    </message>
    <message>
        <source>市町村</source>
        <translation>Municipalities</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Programme years</translation>
    </message>
    <message>
        <source>フェーズの期間</source>
        <translation>Phase windows</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{0} {1}件</source>
        <translation>{1} {0}</translation>
    </message>
    <message>
        <source>{0} 保存</source>
        <translation>saved {0}</translation>
    </message>
    <message>
        <source>読み出せた未同期の変更 {0} 件は、復元後のデータに戻します:</source>
        <translation>The {0} unsynced changes that could be read are put back into the restored data:</translation>
    </message>
    <message>
        <source>…ほか {0} 件</source>
        <translation>… and {0} more</translation>
    </message>
    <message>
        <source>（最後の編集 {0}）</source>
        <translation> (last edit {0})</translation>
    </message>
    <message>
        <source>読み出せなかった未同期の変更: {0} 件</source>
        <translation>Unsynced changes that could not be read: {0}</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>データを開けません</source>
        <translation>The data cannot be opened</translation>
    </message>
    <message>
        <source>この端末のデータ（{0}）は暗号化されていますが、鍵またはパスフレーズがないため開けません（入力されなかったか違っていたか、ファイルが壊れています）。パスフレーズが分かる場合は「何もせずに終了する」を選び、もう一度起動して入力してください。バックアップも同じパスフレーズで暗号化されています。</source>
        <translation>The data on this computer ({0}) is encrypted and cannot be opened without its key or passphrase (none was given, it was wrong, or the file is damaged). If you know the passphrase, choose &quot;Quit without changing anything&quot;, start again and type it. The backups are encrypted with the same passphrase.</translation>
    </message>
    <message>
        <source>この端末のデータ（{0}）は壊れているか、dxfield のデータではないため開けません。</source>
        <translation>The data on this computer ({0}) is damaged or is not dxfield&apos;s, so it cannot be opened. </translation>
    </message>
    <message>
        <source>このファイルは上書きせず、backups フォルダの damaged に保管します。</source>
        <translation>The file is not overwritten: it is kept in the damaged folder inside the backups folder.</translation>
    </message>
    <message>
        <source>読み出せた変更を新しいデータに戻す（次の同期で送信）</source>
        <translation>Put the changes that could be read back into the new data (sent with the next sync)</translation>
    </message>
    <message>
        <source>まだ同期していない変更</source>
        <translation>Changes not yet synced</translation>
    </message>
    <message>
        <source>読み出せた未同期の変更はありません。</source>
        <translation>No unsynced changes could be read.</translation>
    </message>
    <message>
        <source>読み出せなかった未同期の変更: {0} 件</source>
        <translation>Unsynced changes that could not be read: {0}</translation>
    </message>
    <message>
        <source>バックアップから復元する</source>
        <translation>Restore from a backup</translation>
    </message>
    <message>
        <source>以前のバックアップフォルダー: {0}</source>
        <translation>From the old backup folder: {0}</translation>
    </message>
    <message>
        <source>バックアップから復元する（使えるバックアップがありません）</source>
        <translation>Restore from a backup (there is no usable backup)</translation>
    </message>
    <message>
        <source>サーバー（{0}）からデータを取り直す</source>
        <translation>Fetch the data again from the server ({0})</translation>
    </message>
    <message>
        <source>空のデータで始め直す（ログインしていないため、サーバーからは取得しません）</source>
        <translation>Start again with empty data (not logged in, so nothing is fetched from the server)</translation>
    </message>
    <message>
        <source>このまま続ける（次の起動時にもう一度確認します）</source>
        <translation>Continue for now (checked again at the next start)</translation>
    </message>
    <message>
        <source>何もせずに終了する</source>
        <translation>Quit without changing anything</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>面談記録・アクション・アセスメントの自由記述を検索（例: 予算 研修）</source>
        <translation>Search notes, action items and free-text answers (e.g. 予算 研修)</translation>
    </message>
    <message>
        <source>%1件</source>
        <translation>%1 items</translation>
    </message>
</context>
<context>
    <name>SearchResultModel</name>
    <message>
        <source>［内部］</source>
        <translation>[internal]</translation>
    </message>
</context>
<context>
    <name>SectionEditor</name>
    <message>
        <source>内部メモ（配布資料に載せない）</source>
        <translation>Internal memo (not on the handout)</translation>
    </message>
    <message>
        <source>この行をニーズに登録</source>
        <translation>Register this line as a need</translation>
    </message>
    <message>
        <source>カーソルのある行を、出典付きでニーズ・要望の一覧に加えます</source>
        <translation>Adds the line at the cursor to the needs register, with its source</translation>
    </message>
    <message>
        <source>ニーズに登録（分野・テーマを確認）…</source>
        <translation>Register as a need (check domain and themes)…</translation>
    </message>
    <message>
        <source>ニーズに登録済み</source>
        <translation>Registered as a need</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>表示言語</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>データベース</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>設定ファイル</source>
        <translation>Settings file</translation>
    </message>
    <message>
        <source>dxfield について…</source>
        <translation>About dxfield…</translation>
    </message>
    <message>
        <source>次回の起動から切り替わります。</source>
        <translation>Takes effect the next time dxfield starts.</translation>
    </message>
</context>
<context>
    <name>SurveyResultsView</name>
    <message>
        <source>アンケートの回答はまだありません。</source>
        <translation>No survey answers yet.</translation>
    </message>
    <message>
        <source>参加者 未集計</source>
        <translation>attendees not counted</translation>
    </message>
    <message>
        <source>参加者 %1人</source>
        <translation>%1 attendees</translation>
    </message>
    <message>
        <source>目標達成</source>
        <translation>target met</translation>
    </message>
    <message>
        <source>目標未達</source>
        <translation>target not met</translation>
    </message>
    <message>
        <source>目標 %1</source>
        <translation>target %1</translation>
    </message>
    <message>
        <source>回答 %1件&#x3000;%2&#x3000;回答率 %3</source>
        <translation>%1 responses&#x3000;%2&#x3000;response rate %3</translation>
    </message>
    <message>
        <source>自由記述（%1件）</source>
        <translation>Comments (%1)</translation>
    </message>
    <message>
        <source>%1件</source>
        <translation>%1 people</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>項目</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>メモ本文</source>
        <translation>Note text</translation>
    </message>
    <message>
        <source>削除と編集</source>
        <translation>Deleted vs. edited</translation>
    </message>
    <message>
        <source>受信保留</source>
        <translation>Held on receipt</translation>
    </message>
    <message>
        <source>重複（受信保留）</source>
        <translation>Duplicate (held on receipt)</translation>
    </message>
    <message>
        <source>送信保留</source>
        <translation>Held from sending</translation>
    </message>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>データ</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>自分の値</source>
        <translation>My value</translation>
    </message>
    <message>
        <source>採用された値</source>
        <translation>Value kept</translation>
    </message>
    <message>
        <source>自分の値を採用</source>
        <translation>Keep my value</translation>
    </message>
    <message>
        <source>相手の値を採用</source>
        <translation>Keep the other value</translation>
    </message>
    <message>
        <source>編集した内容で確定</source>
        <translation>Save the edited merge</translation>
    </message>
    <message>
        <source>統合（編集できます）</source>
        <translation>Merged (editable)</translation>
    </message>
    <message>
        <source>送信中… {0} 件</source>
        <translation>Sending… {0}</translation>
    </message>
    <message>
        <source>受信中… {0} 件</source>
        <translation>Receiving… {0}</translation>
    </message>
    <message>
        <source>サーバーにログイン</source>
        <translation>Log in to the server</translation>
    </message>
    <message>
        <source>サーバー</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>ユーザー名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>パスワード</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>多数の削除の確認</source>
        <translation>Confirm many deletions</translation>
    </message>
    <message>
        <source>この同期は {0}します。本当に削除してよいですか？</source>
        <translation>This sync will {0}. Do you really want to delete them?</translation>
    </message>
    <message>
        <source>削除はチーム全員の端末に反映されます。意図しない削除であれば「いいえ」を選び、管理者に相談してください（削除前の状態はサーバーの履歴から戻せます）。</source>
        <translation>Deletions reach every team member&apos;s computer. If they are not meant, choose “No” and talk to your administrator (the server&apos;s history can bring back what was deleted).</translation>
    </message>
    <message>
        <source>同期</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>中止</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>同期中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>未ログイン</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>オフライン</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>未送信 {0} 件</source>
        <translation>{0} unsent</translation>
    </message>
    <message>
        <source>最終同期 {0}</source>
        <translation>Last sync {0}</translation>
    </message>
</context>
<context>
    <name>TrainingDialog</name>
    <message>
        <source>研修の編集</source>
        <translation>Edit training</translation>
    </message>
    <message>
        <source>新しい研修</source>
        <translation>New training</translation>
    </message>
    <message>
        <source>例: DX入門研修「自治体DXマインド」</source>
        <translation>e.g. DX introductory training &quot;The DX mindset&quot;</translation>
    </message>
    <message>
        <source>会場（例: 北山村役場 2階会議室）</source>
        <translation>Venue (e.g. Kitayama village office, 2F meeting room)</translation>
    </message>
    <message>
        <source>オンライン会議・動画のURL</source>
        <translation>Address of the online meeting or video</translation>
    </message>
    <message>
        <source>例: 全職員、市町村長、希望する職員</source>
        <translation>e.g. all staff, mayors, volunteers</translation>
    </message>
    <message>
        <source>参加市町村</source>
        <translation>Municipalities</translation>
    </message>
    <message>
        <source>未集計</source>
        <translation>not counted</translation>
    </message>
    <message>
        <source>講師（1行に1人）</source>
        <translation>Lecturers (one per line)</translation>
    </message>
    <message>
        <source>内容・プログラム（1行に1項目）</source>
        <translation>Content and programme (one item per line)</translation>
    </message>
    <message>
        <source>資料（1行に1つ: 資料名やURL）</source>
        <translation>Materials (one per line: title or address)</translation>
    </message>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>研修名</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>開始</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>終了</source>
        <translation>End</translation>
    </message>
    <message>
        <source>方法</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>会場</source>
        <translation>Venue</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>対象</source>
        <translation>Audience</translation>
    </message>
    <message>
        <source>アンケート</source>
        <translation>Survey</translation>
    </message>
    <message>
        <source>講師</source>
        <translation>Lecturers</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>資料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>県の参加者</source>
        <translation>Prefecture staff attending</translation>
    </message>
    <message>
        <source>あわせて実施した訪問</source>
        <translation>Held with the visit</translation>
    </message>
    <message>
        <source>年度: %1</source>
        <translation>Programme year: %1</translation>
    </message>
    <message>
        <source>（研修の種類の既定）</source>
        <translation>(default for the kind of training)</translation>
    </message>
    <message>
        <source>（なし）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>%1 の人数は0以上の整数で入力してください（未集計なら空欄）。</source>
        <translation>Enter whole numbers, 0 or more, for %1 (leave empty if not counted).</translation>
    </message>
    <message>
        <source>人数は0以上の整数で入力してください（未集計なら空欄）。</source>
        <translation>Enter a whole number of people, 0 or more (leave empty if not counted).</translation>
    </message>
    <message>
        <source>研修名を入力してください。</source>
        <translation>Enter the training&apos;s title.</translation>
    </message>
    <message>
        <source>終了は開始より後にしてください。</source>
        <translation>The end must be after the start.</translation>
    </message>
    <message>
        <source>選択中の年度（%1）の期間外です。</source>
        <translation>Outside the chosen programme year (%1).</translation>
    </message>
</context>
<context>
    <name>TrainingsPage</name>
    <message>
        <source>すべての種類</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source>この研修の結果をPDFで保存…</source>
        <translation>Save this training&apos;s results as PDF…</translation>
    </message>
    <message>
        <source>年度の結果をPDFで保存…</source>
        <translation>Save the year&apos;s results as PDF…</translation>
    </message>
    <message>
        <source>アンケート結果</source>
        <translation>Survey results</translation>
    </message>
    <message>
        <source>年度のアンケート</source>
        <translation>Year&apos;s surveys</translation>
    </message>
    <message>
        <source>新しい研修…</source>
        <translation>New training…</translation>
    </message>
    <message>
        <source>編集…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>削除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>訪問の面談記録を開く</source>
        <translation>Open the visit&apos;s notes</translation>
    </message>
    <message>
        <source>アンケートを取り込む…</source>
        <translation>Import survey answers…</translation>
    </message>
    <message>
        <source>アンケートのWebフォーム…</source>
        <translation>Survey web form…</translation>
    </message>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>%1 の研修</source>
        <translation>Trainings of %1</translation>
    </message>
    <message>
        <source>%1回&#x3000;参加者 %2人&#x3000;アンケート回答 %3件</source>
        <translation>%1 sessions&#x3000;%2 attendees&#x3000;%3 survey responses</translation>
    </message>
    <message>
        <source>研修を選ぶと、ここに内容が表示されます。</source>
        <translation>Choose a training to see it here.</translation>
    </message>
    <message>
        <source>日時</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <source>方法</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>会場</source>
        <translation>Venue</translation>
    </message>
    <message>
        <source>対象</source>
        <translation>Audience</translation>
    </message>
    <message>
        <source>講師</source>
        <translation>Lecturers</translation>
    </message>
    <message>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>あわせて実施した訪問</source>
        <translation>Held with the visit</translation>
    </message>
    <message>
        <source>アンケート</source>
        <translation>Survey</translation>
    </message>
    <message>
        <source>PDFの保存先</source>
        <translation>Save PDF as</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>PDFを保存しました: %1</source>
        <translation>PDF saved: %1</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>資料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>未集計</source>
        <translation>not counted</translation>
    </message>
    <message>
        <source>参加者</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <source>市町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>合計</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>アンケート回答</source>
        <translation>Survey responses</translation>
    </message>
    <message>
        <source>「%1」を削除しますか？アンケートの回答は残りますが、集計されなくなります。</source>
        <translation>Delete &quot;%1&quot;? Its survey responses are kept but no longer counted.</translation>
    </message>
    <message>
        <source>研修の削除</source>
        <translation>Delete training</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>訪問の編集</source>
        <translation>Edit visit</translation>
    </message>
    <message>
        <source>新しい訪問</source>
        <translation>New visit</translation>
    </message>
    <message>
        <source>市町村側の出席者（氏名・役職）</source>
        <translation>Municipality attendees (names and titles)</translation>
    </message>
    <message>
        <source>市町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>フェーズ</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>開始</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>終了</source>
        <translation>End</translation>
    </message>
    <message>
        <source>方法</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>場所</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>チーム</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>先方出席者</source>
        <translation>Municipality attendees</translation>
    </message>
    <message>
        <source>議題</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>年度: %1</source>
        <translation>Programme year: %1</translation>
    </message>
    <message>
        <source>（選んでください）</source>
        <translation>(choose)</translation>
    </message>
</context>
<context>
    <name>YearSurveyTable</name>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>回数</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>回答</source>
        <translation>Responses</translation>
    </message>
    <message>
        <source>回答率</source>
        <translation>Response rate</translation>
    </message>
    <message>
        <source>変化を実感（95%信頼区間）</source>
        <translation>Felt a change (95% interval)</translation>
    </message>
    <message>
        <source>目標</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>年度計</source>
        <translation>Year total</translation>
    </message>
    <message>
        <source>達成</source>
        <translation>met</translation>
    </message>
    <message>
        <source>未達</source>
        <translation>not met</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>面談記録の画面で訪問を開いてから印刷してください</source>
        <translation>Open a visit in the interview notes first, then print</translation>
    </message>
    <message>
        <source>配布資料をプレビュー</source>
        <translation>Preview handout</translation>
    </message>
    <message>
        <source>本日の配布資料を一括印刷…</source>
        <translation>Print today&apos;s handouts…</translation>
    </message>
    <message>
        <source>{0} の訪問はありません</source>
        <translation>No visits on {0}</translation>
    </message>
    <message>
        <source>印刷</source>
        <translation>Print</translation>
    </message>
</context>
</TS>
