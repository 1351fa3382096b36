<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>MediaMismatchText</name>
    <message>
        <location filename="../app/ui/MediaMismatchText.cpp" line="23"/>
        <source>%1 long, the host&apos;s is %2</source>
        <translation>長さ %1（ホストは %2）</translation>
    </message>
    <message>
        <location filename="../app/ui/MediaMismatchText.cpp" line="26"/>
        <source>%1, the host&apos;s is %2</source>
        <translation>%1（ホストは %2）</translation>
    </message>
    <message>
        <location filename="../app/ui/MediaMismatchText.cpp" line="31"/>
        <source>named “%1”, the host&apos;s “%2”</source>
        <translation>ファイル名「%1」（ホストは「%2」）</translation>
    </message>
    <message>
        <location filename="../app/ui/MediaMismatchText.cpp" line="40"/>
        <source>Your file differs from the host&apos;s: %1</source>
        <translation>あなたのファイルはホストのものと異なります: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/MediaMismatchText.cpp" line="48"/>
        <source>Plays a different file from the host&apos;s: %1</source>
        <translation>ホストと異なるファイルを再生中: %1</translation>
    </message>
</context>
<context>
    <name>watchium::app::CommentsPanel</name>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="110"/>
        <source>Comments</source>
        <translation>コメント</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="111"/>
        <source>Comment</source>
        <translation>コメント</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="111"/>
        <source>At</source>
        <translation>再生位置</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="112"/>
        <source>Cancel reply</source>
        <translation>返信をキャンセル</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="113"/>
        <source>Reply</source>
        <translation>返信</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="115"/>
        <source>Say something about this moment… (Ctrl+Enter sends)</source>
        <translation>この場面について一言…（Ctrl+Enterで送信）</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="271"/>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="102"/>
        <source>Your comment was not posted: %1</source>
        <translation>コメントを投稿できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="176"/>
        <source>Could not load the comments: %1</source>
        <translation>コメントを読み込めませんでした: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="144"/>
        <source>%1 · %2
%3</source>
        <translation>%1 · %2
%3</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="114"/>
        <source>Reply to the selected comment (with what you typed, if anything)</source>
        <translation>選択したコメントに返信します（入力済みの文があればそれを送信）</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="269"/>
        <source>Replying to: %1</source>
        <translation>返信先: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="271"/>
        <source>Send reply</source>
        <translation>返信を送信</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="285"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>watchium::app::ConnectionBanner</name>
    <message>
        <location filename="../app/ui/ConnectionBanner.cpp" line="46"/>
        <source>Server unreachable, retrying (attempt %1)</source>
        <translation>サーバーに接続できません。再試行中（%1 回目）</translation>
    </message>
    <message>
        <location filename="../app/ui/ConnectionBanner.cpp" line="50"/>
        <source>Server reachable again, rejoining the room…</source>
        <translation>サーバーに再接続しました。ルームに再参加中…</translation>
    </message>
    <message>
        <location filename="../app/ui/ConnectionBanner.cpp" line="54"/>
        <source>Disconnected from the room</source>
        <translation>ルームから切断されました</translation>
    </message>
    <message>
        <location filename="../app/ui/ConnectionBanner.cpp" line="64"/>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../app/ui/ConnectionBanner.cpp" line="65"/>
        <source>Leave the room without waiting for the server</source>
        <translation>サーバーを待たずにルームを退出します</translation>
    </message>
    <message>
        <location filename="../app/ui/ConnectionBanner.cpp" line="71"/>
        <source>Last error: %1</source>
        <translation>最後のエラー: %1</translation>
    </message>
</context>
<context>
    <name>watchium::app::DanmakuBar</name>
    <message>
        <location filename="../app/ui/DanmakuBar.cpp" line="111"/>
        <source>Comments over the video</source>
        <translation>動画上にコメントを表示</translation>
    </message>
    <message>
        <location filename="../app/ui/DanmakuBar.cpp" line="112"/>
        <source>Show the episode&apos;s comments flying over the video at their moments</source>
        <translation>エピソードのコメントを、その場面で動画の上に流して表示します</translation>
    </message>
    <message>
        <location filename="../app/ui/DanmakuBar.cpp" line="113"/>
        <source>Density:</source>
        <translation>密度:</translation>
    </message>
    <message>
        <location filename="../app/ui/DanmakuBar.cpp" line="114"/>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../app/ui/DanmakuBar.cpp" line="115"/>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../app/ui/DanmakuBar.cpp" line="116"/>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../app/ui/DanmakuBar.cpp" line="117"/>
        <source>Opacity:</source>
        <translation>不透明度:</translation>
    </message>
    <message>
        <location filename="../app/ui/DanmakuBar.cpp" line="118"/>
        <source>Comment on this moment… (Enter sends)</source>
        <translation>この場面にコメント…（Enter で送信）</translation>
    </message>
    <message>
        <location filename="../app/ui/DanmakuBar.cpp" line="120"/>
        <source>React with %1 for everyone in the room</source>
        <translation>%1 でリアクション（ルームの全員に表示）</translation>
    </message>
</context>
<context>
    <name>watchium::app::EmbeddedServer</name>
    <message>
        <location filename="../app/ui/EmbeddedServer.cpp" line="54"/>
        <source>The server did not start.</source>
        <translation>サーバーが起動しませんでした。</translation>
    </message>
</context>
<context>
    <name>watchium::app::MainWindow</name>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="118"/>
        <source>Watchium</source>
        <translation>Watchium</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="108"/>
        <source>Start</source>
        <translation>スタート</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="109"/>
        <source>Public rooms</source>
        <translation>公開ルーム</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="131"/>
        <source>Wrong room key. Check the invite link and try again.</source>
        <translation>ルームキーが違います。招待リンクを確認してもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="133"/>
        <source>This room is private: it needs the key from the invite link.</source>
        <translation>このルームは非公開です。招待リンクのキーが必要です。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="135"/>
        <source>This room does not exist any more: it was deleted or closed.</source>
        <translation>このルームはもう存在しません（削除または終了されました）。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="137"/>
        <source>Cannot reach the server at %1. Is it running, and is the address right?</source>
        <translation>サーバー %1 に接続できません。起動しているか、アドレスが正しいか確認してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="140"/>
        <source>The server at %1 did not answer in time.</source>
        <translation>サーバー %1 から時間内に応答がありませんでした。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="142"/>
        <source>Too many attempts. Wait a moment and try again.</source>
        <translation>試行回数が多すぎます。少し待ってからもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="144"/>
        <source>You are already in this room from another window.</source>
        <translation>別のウィンドウですでにこのルームに参加しています。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="146"/>
        <source>Not connecting: the server&apos;s certificate does not match the invite&apos;s fingerprint. This is not the server that made the invite, or someone is in between.</source>
        <translation>接続しません: サーバーの証明書が招待リンクのフィンガープリントと一致しません。招待を作ったサーバーではないか、途中に誰かが割り込んでいます。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="150"/>
        <source>Not connecting securely: %1</source>
        <translation>安全に接続できません: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="152"/>
        <source>The server&apos;s certificate is not trusted (%1). If the server uses a private certificate authority, choose its file under Trusted CA.</source>
        <translation>サーバーの証明書は信頼されていません (%1)。サーバーが独自の認証局を使っている場合は、「信頼する CA」でそのファイルを選んでください。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="156"/>
        <source>The server at %1 only speaks https: use an https:// address.</source>
        <translation>%1 のサーバーは https のみ対応です。https:// のアドレスを使ってください。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="158"/>
        <source>Something went wrong (%1).</source>
        <translation>問題が発生しました（%1）。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="165"/>
        <location filename="../app/ui/MainWindow.cpp" line="236"/>
        <source>Creating the room…</source>
        <translation>ルームを作成しています…</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="189"/>
        <source>The room&apos;s certificate could not be made: %1</source>
        <translation>ルームの証明書を作れませんでした: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="194"/>
        <source>Starting the server on this computer…</source>
        <translation>このコンピューターでサーバーを起動しています…</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="203"/>
        <source>The server could not start: %1</source>
        <translation>サーバーを起動できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="242"/>
        <source>Joining the room…</source>
        <translation>ルームに参加しています…</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="257"/>
        <source>This is not a Watchium invite link: %1</source>
        <translation>Watchiumの招待リンクではありません: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="261"/>
        <source>Enter your display name, then press Join.</source>
        <translation>表示名を入力してから「参加」を押してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="289"/>
        <source>The room was closed by its host.</source>
        <translation>ホストがルームを閉じました。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="116"/>
        <source>%1 — Watchium</source>
        <translation>%1 — Watchium</translation>
    </message>
</context>
<context>
    <name>watchium::app::MembersPanel</name>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="76"/>
        <location filename="../app/ui/MembersPanel.cpp" line="108"/>
        <source>Members</source>
        <translation>メンバー</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="127"/>
        <source>(unnamed)</source>
        <translation>（名前なし）</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="129"/>
        <source>%1 (you)</source>
        <translation>%1（あなた）</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="50"/>
        <source>★ %1 · host · online
%2</source>
        <translation>★ %1 · ホスト · オンライン
%2</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="44"/>
        <source>★ %1 · host · offline</source>
        <translation>★ %1 · ホスト · オフライン</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="45"/>
        <source>%1 · offline</source>
        <translation>%1 · オフライン</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="47"/>
        <source>★ %1 · host · online</source>
        <translation>★ %1 · ホスト · オンライン</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="48"/>
        <source>%1 · online</source>
        <translation>%1 · オンライン</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="51"/>
        <source>%1 · online
%2</source>
        <translation>%1 · オンライン
%2</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="133"/>
        <source>%1
⚠ Different file</source>
        <translation>%1
⚠ ファイルが異なります</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="156"/>
        <source>Host: controls playback for everyone</source>
        <translation>ホスト: 全員の再生を操作します</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="158"/>
        <source>Not connected now</source>
        <translation>現在は接続していません</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="160"/>
        <source>Cannot play the video: %1</source>
        <translation>動画を再生できません: %1</translation>
    </message>
</context>
<context>
    <name>watchium::app::OwnCopyBar</name>
    <message>
        <location filename="../app/ui/OwnCopyBar.cpp" line="48"/>
        <source>Your copy of the episode</source>
        <translation>手元にあるこのエピソードのファイル</translation>
    </message>
    <message>
        <location filename="../app/ui/OwnCopyBar.cpp" line="49"/>
        <source>Videos (*.mkv *.mp4 *.webm *.avi *.mov *.m4v *.ts *.wav *.mka *.mp3);;All files (*)</source>
        <translation>動画 (*.mkv *.mp4 *.webm *.avi *.mov *.m4v *.ts *.wav *.mka *.mp3);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../app/ui/OwnCopyBar.cpp" line="111"/>
        <source>Play another copy…</source>
        <translation>別のファイルを再生…</translation>
    </message>
    <message>
        <location filename="../app/ui/OwnCopyBar.cpp" line="111"/>
        <source>Play my own copy…</source>
        <translation>手元のファイルを再生…</translation>
    </message>
    <message>
        <location filename="../app/ui/OwnCopyBar.cpp" line="112"/>
        <source>Play your own file of this episode; the room keeps it in step by position. Only its name, size and length are shared.</source>
        <translation>手元にあるこのエピソードのファイルを再生します。再生位置でルームと同期します。共有されるのはファイル名・サイズ・長さだけです。</translation>
    </message>
    <message>
        <location filename="../app/ui/OwnCopyBar.cpp" line="114"/>
        <source>Back to the room&apos;s video</source>
        <translation>ルームの動画に戻る</translation>
    </message>
</context>
<context>
    <name>watchium::app::PlaybackControls</name>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="76"/>
        <source>Play</source>
        <translation>再生</translation>
    </message>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="22"/>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="78"/>
        <source>Not connected to the room: the controls come back when it reconnects</source>
        <translation>ルームに接続されていません。再接続すると操作できるようになります</translation>
    </message>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="85"/>
        <source>Sync to live</source>
        <translation>ルームに同期</translation>
    </message>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="86"/>
        <source>Jump to where the room is now</source>
        <translation>ルームの現在位置へ移動</translation>
    </message>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="77"/>
        <source>Only the host controls playback</source>
        <translation>再生を操作できるのはホストだけです</translation>
    </message>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="76"/>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="155"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>watchium::app::PublicRoomsPage</name>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="80"/>
        <source>http://server:8787</source>
        <translation>http://server:8787</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="81"/>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="82"/>
        <source>Filter by title or anime</source>
        <translation>ルーム名やアニメで絞り込み</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="85"/>
        <source>Title</source>
        <translation>ルーム名</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="85"/>
        <source>Anime</source>
        <translation>アニメ</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="85"/>
        <source>Episode</source>
        <translation>話数</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="85"/>
        <source>Members</source>
        <translation>メンバー</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="32"/>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="85"/>
        <source>Playing</source>
        <translation>再生中</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="83"/>
        <source>Server:</source>
        <translation>サーバー:</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="122"/>
        <source>Enter the server&apos;s address, e.g. http://server:8787.</source>
        <translation>サーバーのアドレスを入力してください（例: http://server:8787）。</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="132"/>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="142"/>
        <source>Could not list the rooms: %1</source>
        <translation>ルーム一覧を取得できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="32"/>
        <source>Paused</source>
        <translation>一時停止中</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/ui/PublicRoomsPage.cpp" line="174"/>
        <source>%n public room(s). Double-click one to join.</source>
        <translation>
            <numerusform>公開ルーム %n 件。ダブルクリックで参加できます。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>watchium::app::QueuePanel</name>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="155"/>
        <source>Up next</source>
        <translation>次に再生</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="156"/>
        <source>Title (optional)</source>
        <translation>タイトル（任意）</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="157"/>
        <source>Video URL (empty: everyone plays their own file)</source>
        <translation>動画の URL（空欄：各自のファイルを再生）</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="158"/>
        <source>Ep. </source>
        <translation>第 </translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="159"/>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="160"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="161"/>
        <source>Up</source>
        <translation>上へ</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="162"/>
        <source>Down</source>
        <translation>下へ</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="163"/>
        <source>Next episode</source>
        <translation>次のエピソード</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="164"/>
        <source>Move everyone to the first episode of the queue now</source>
        <translation>全員をキューの先頭のエピソードへ今すぐ移動します</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="165"/>
        <source>Play the next episode automatically</source>
        <translation>次のエピソードを自動で再生</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="166"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="167"/>
        <source>Play it</source>
        <translation>再生する</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="168"/>
        <source>Choose file…</source>
        <translation>ファイルを選択…</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="178"/>
        <source>Episode %1</source>
        <translation>第 %1 話</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="179"/>
        <source>Episode %1: %2</source>
        <translation>第 %1 話：%2</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="181"/>
        <source>own files</source>
        <translation>各自のファイル</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="184"/>
        <source>Everyone plays their own copy</source>
        <translation>各自が自分のファイルを再生します</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="189"/>
        <source>Nothing queued</source>
        <translation>キューは空です</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/ui/QueuePanel.cpp" line="229"/>
        <source>Next episode in %n s…</source>
        <translation>
            <numerusform>次のエピソードまで %n 秒…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="256"/>
        <source>Episode %1 plays from everyone&apos;s own files: choose yours.</source>
        <translation>第 %1 話は各自のファイルで再生します。ファイルを選んでください。</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="258"/>
        <source>Episode %1 from your folder: %2</source>
        <translation>フォルダ内の第 %1 話：%2</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="271"/>
        <source>Choose episode %1</source>
        <translation>第 %1 話を選択</translation>
    </message>
    <message>
        <location filename="../app/ui/QueuePanel.cpp" line="272"/>
        <source>Videos (*.mkv *.mp4 *.m4v *.avi *.webm *.mov *.ts);;All files (*)</source>
        <translation>動画 (*.mkv *.mp4 *.m4v *.avi *.webm *.mov *.ts);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>watchium::app::ReachabilityPanel</name>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="118"/>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="132"/>
        <source>Friends on the internet can join with this invite</source>
        <translation>この招待でインターネット上の友だちが参加できます</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="136"/>
        <source>Only people on your network can join with this invite</source>
        <translation>この招待で参加できるのは同じネットワークの人だけです</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="140"/>
        <source>Only this computer can join with this invite</source>
        <translation>この招待で参加できるのはこのコンピューターだけです</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="146"/>
        <source>Invite address:</source>
        <translation>招待のアドレス:</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="147"/>
        <source>The address friends connect to. Automatic picks the best one; type another (a name from a dynamic DNS service, say) to use it.</source>
        <translation>友だちが接続するアドレスです。「自動」は最適なものを選びます。別のアドレス（ダイナミックDNSの名前など）を入力して使うこともできます。</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="156"/>
        <source>this computer</source>
        <translation>このコンピューター</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="158"/>
        <source>or host the room on a community server (a computer with a public address running watchium --server).</source>
        <translation>コミュニティサーバー（グローバルアドレスを持ち watchium --server を実行しているコンピューター）でルームを開いてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="160"/>
        <source>To let friends elsewhere join, forward TCP port %1 on your router to %2, %3</source>
        <translation>別の場所の友だちが参加できるようにするには、ルーターでTCPポート %1 を %2 へ転送するか、%3</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="165"/>
        <source>You chose this address: Watchium cannot check who reaches it. The server listens on port %1.</source>
        <translation>このアドレスはあなたが選んだものです。誰が接続できるかはWatchiumでは確認できません。サーバーはポート %1 で待ち受けています。</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="169"/>
        <source>This computer has a public address, %1. If friends cannot connect, allow TCP port %2 in its firewall.</source>
        <translation>このコンピューターにはグローバルアドレス %1 があります。友だちが接続できない場合は、ファイアウォールでTCPポート %2 を許可してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="173"/>
        <source>Your router forwards port %1 from its public address %2 to this computer (%3, renewed while you host).</source>
        <translation>ルーターがグローバルアドレス %2 のポート %1 をこのコンピューターへ転送しています（%3、ホスト中は自動で更新）。</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="178"/>
        <source>The invite uses this computer&apos;s IPv6 address: friends with IPv6 can join if your router lets them in. %1</source>
        <translation>招待にはこのコンピューターのIPv6アドレスを使っています。IPv6を使える友だちは、ルーターが通せば参加できます。%1</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="182"/>
        <source>Asking your router to open port %1 for friends on the internet…</source>
        <translation>インターネット上の友だちのために、ルーターにポート %1 を開くよう依頼しています…</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="184"/>
        <source>Automatic port mapping is off. %1</source>
        <translation>自動ポート開放はオフです。%1</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="186"/>
        <source>Your router did not answer UPnP, PCP or NAT-PMP (they may be off in its settings). %1</source>
        <translation>ルーターがUPnP、PCP、NAT-PMPのいずれにも応答しませんでした（ルーターの設定でオフになっている可能性があります）。%1</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="190"/>
        <source>Your router refused to open port %1 (%2). %3</source>
        <translation>ルーターがポート %1 の開放を拒否しました（%2）。%3</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="192"/>
        <source>Your router has no public address of its own: your provider shares one between customers (carrier-grade NAT), or another router is in front of it. Forwarding a port will not help; host the room on a community server (a computer with a public address running watchium --server), or ask your provider for a public address.</source>
        <translation>ルーター自体にグローバルアドレスがありません。プロバイダーが複数の契約者で1つのアドレスを共有している（キャリアグレードNAT）か、前段に別のルーターがあります。ポート転送では解決しません。コミュニティサーバー（グローバルアドレスを持ち watchium --server を実行しているコンピューター）でルームを開くか、プロバイダーにグローバルアドレスを依頼してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/ReachabilityPanel.cpp" line="200"/>
        <source>This computer is not connected to a network, so there is no address to invite friends to. Pick 127.0.0.1 to invite another window on this computer.</source>
        <translation>このコンピューターはネットワークに接続していないため、友だちを招待できるアドレスがありません。このコンピューターの別のウィンドウを招待するには 127.0.0.1 を選んでください。</translation>
    </message>
</context>
<context>
    <name>watchium::app::RoomNotice</name>
    <message>
        <location filename="../app/ui/RoomNotice.cpp" line="36"/>
        <source>Can&apos;t play this video: %1</source>
        <translation>この動画を再生できません: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomNotice.cpp" line="39"/>
        <source>members</source>
        <translation>メンバー</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/ui/RoomNotice.cpp" line="40"/>
        <source>Waiting for %1… (at most %n s)</source>
        <translation>
            <numerusform>%1 を待っています…（最大 %n 秒）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/ui/RoomNotice.cpp" line="43"/>
        <source>Episode finished</source>
        <translation>エピソードが終わりました</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomNotice.cpp" line="54"/>
        <source>you</source>
        <translation>あなた</translation>
    </message>
</context>
<context>
    <name>watchium::app::RoomView</name>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="53"/>
        <source>Disconnected</source>
        <translation>未接続</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="55"/>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="57"/>
        <source>Joining…</source>
        <translation>参加中…</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="59"/>
        <source>Connected</source>
        <translation>接続済み</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="63"/>
        <source>Reconnecting…</source>
        <translation>再接続中…</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="192"/>
        <source>The host changed the video.</source>
        <translation>ホストが動画を変更しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="195"/>
        <source>Video: %1</source>
        <translation>動画: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="209"/>
        <source>Another member</source>
        <translation>別のメンバー</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="210"/>
        <source>You are now the host.</source>
        <translation>あなたがホストになりました。</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="211"/>
        <source>%1 is now the host.</source>
        <translation>%1 さんがホストになりました。</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="214"/>
        <source>%1 joined.</source>
        <translation>%1 さんが参加しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="216"/>
        <source>%1 left.</source>
        <translation>%1 さんが退出しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="219"/>
        <source>The room refused: %1</source>
        <translation>操作が拒否されました: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="222"/>
        <source>Connection lost; reconnecting in %1 s…</source>
        <translation>接続が切れました。%1 秒後に再接続します…</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="283"/>
        <source>Your reaction was not sent: %1</source>
        <translation>リアクションを送信できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="344"/>
        <source>%1 — %2, episode %3</source>
        <translation>%1 — %2 第%3話</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="348"/>
        <source>Send this link to your friends</source>
        <translation>このリンクを友だちに送ってください</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="350"/>
        <source>Copy invite</source>
        <translation>招待リンクをコピー</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="351"/>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="327"/>
        <source>Invite link copied.</source>
        <translation>招待リンクをコピーしました。</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="349"/>
        <source>Invite:</source>
        <translation>招待リンク:</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="352"/>
        <source>Change video…</source>
        <translation>動画を変更…</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="353"/>
        <source>Play another video in this room, for everyone</source>
        <translation>このルームで別の動画を全員に再生します</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="354"/>
        <source>Wait for members</source>
        <translation>メンバーを待つ</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="356"/>
        <source>Pause the room, for at most a few seconds, while a member&apos;s video loads or buffers</source>
        <translation>メンバーの動画が読み込み中やバッファリング中の間、数秒を上限にルームを一時停止します</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="358"/>
        <source>Buffering</source>
        <translation>バッファリング中</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="359"/>
        <source>Buffering the video</source>
        <translation>動画をバッファリングしています</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="392"/>
        <source>Change video</source>
        <translation>動画を変更</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="392"/>
        <source>Video URL (http or https) for everyone in the room:</source>
        <translation>ルームの全員が再生する動画の URL（http または https）:</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="425"/>
        <source>RTT %1 ms · clock offset %2 ms</source>
        <translation>RTT %1 ms · 時計のずれ %2 ms</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="429"/>
        <source>You are the host</source>
        <translation>あなたはホストです</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="430"/>
        <source>You: %1</source>
        <translation>あなた: %1</translation>
    </message>
</context>
<context>
    <name>watchium::app::ServingBar</name>
    <message>
        <location filename="../app/ui/ServingBar.cpp" line="49"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../app/ui/ServingBar.cpp" line="50"/>
        <source>Stop the server on this computer; its rooms close for everyone</source>
        <translation>このコンピューターのサーバーを停止します（ルームは全員に対して閉じられます）</translation>
    </message>
    <message>
        <location filename="../app/ui/ServingBar.cpp" line="52"/>
        <source>The server on this computer is running; nobody is connected.</source>
        <translation>このコンピューターでサーバーが動作中です。接続しているメンバーはいません。</translation>
    </message>
    <message>
        <location filename="../app/ui/ServingBar.cpp" line="57"/>
        <source>“%1”</source>
        <translation>「%1」</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/ui/ServingBar.cpp" line="58"/>
        <source>Serving %1 for %n member(s)</source>
        <translation>
            <numerusform>%1 をホスト中（メンバー %n 人）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>watchium::app::ServingQuestions</name>
    <message>
        <location filename="../app/ui/ServingQuestions.cpp" line="12"/>
        <source>Leave the room</source>
        <translation>ルームから退出</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/ui/ServingQuestions.cpp" line="13"/>
        <source>%n other(s) are still watching. Keep serving the room for them in the background?</source>
        <translation>
            <numerusform>ほかに %n 人がまだ視聴しています。バックグラウンドでルームのホストを続けますか？</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/ui/ServingQuestions.cpp" line="17"/>
        <source>Keep serving</source>
        <translation>ホストを続ける</translation>
    </message>
    <message>
        <location filename="../app/ui/ServingQuestions.cpp" line="18"/>
        <source>Close the room</source>
        <translation>ルームを閉じる</translation>
    </message>
    <message>
        <location filename="../app/ui/ServingQuestions.cpp" line="29"/>
        <source>Quit Watchium</source>
        <translation>Watchiumを終了</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/ui/ServingQuestions.cpp" line="30"/>
        <source>%n member(s) are watching rooms served by this computer. Quitting closes those rooms for them.</source>
        <translation>
            <numerusform>このコンピューターのルームを %n 人のメンバーが視聴しています。終了するとそのルームは閉じられます。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/ui/ServingQuestions.cpp" line="35"/>
        <source>Quit and close the rooms</source>
        <translation>終了してルームを閉じる</translation>
    </message>
</context>
<context>
    <name>watchium::app::StartPage</name>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="266"/>
        <source>Watchium</source>
        <translation>Watchium</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="267"/>
        <source>Watch anime together, in lock-step.</source>
        <translation>みんなで、ぴったり同時にアニメを観よう。</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="269"/>
        <source>You</source>
        <translation>プロフィール</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="270"/>
        <source>Your name in rooms</source>
        <translation>ルームでの名前</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="271"/>
        <source>https://… (optional)</source>
        <translation>https://…（任意）</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="272"/>
        <source>System default</source>
        <translation>システムの設定に従う</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="273"/>
        <source>Display name:</source>
        <translation>表示名:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="274"/>
        <source>Avatar URL:</source>
        <translation>アバターURL:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="275"/>
        <source>Language:</source>
        <translation>言語:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="276"/>
        <source>Trusted CA:</source>
        <translation>信頼する CA:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="277"/>
        <source>PEM file of a private certificate authority (optional)</source>
        <translation>独自の認証局の PEM ファイル (任意)</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="278"/>
        <source>Choose…</source>
        <translation>選択…</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="280"/>
        <source>Create a room</source>
        <translation>新しいルーム</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="281"/>
        <source>Friday night anime</source>
        <translation>金曜アニメ会</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="294"/>
        <source>Public (listed for everyone)</source>
        <translation>公開（公開ルーム一覧に表示）</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="295"/>
        <source>Host on this computer</source>
        <translation>このコンピューターでホストする</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="296"/>
        <source>Encrypt connections (the invite carries the certificate&apos;s fingerprint)</source>
        <translation>接続を暗号化する (招待リンクに証明書のフィンガープリントが入ります)</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="298"/>
        <source>any free port</source>
        <translation>自動（空いているポート）</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="299"/>
        <location filename="../app/ui/StartPage.cpp" line="311"/>
        <source>http://server:8787</source>
        <translation>http://server:8787</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="300"/>
        <source>Create room</source>
        <translation>ルームを作成</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="301"/>
        <source>Room title:</source>
        <translation>ルーム名:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="302"/>
        <source>Anime title:</source>
        <translation>アニメ名:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="303"/>
        <source>Anime id:</source>
        <translation>アニメID:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="304"/>
        <source>Episode:</source>
        <translation>話数:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="306"/>
        <source>Port:</source>
        <translation>ポート:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="307"/>
        <location filename="../app/ui/StartPage.cpp" line="316"/>
        <source>Server:</source>
        <translation>サーバー:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="309"/>
        <source>Join a room</source>
        <translation>ルームに参加</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="310"/>
        <source>watchium://host:port/room?key=…</source>
        <translation>watchium://host:port/room?key=…</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="312"/>
        <source>only for private rooms</source>
        <translation>非公開ルームの場合のみ</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="313"/>
        <source>Join</source>
        <translation>参加</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="315"/>
        <source>Invite link:</source>
        <translation>招待リンク:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="314"/>
        <source>or</source>
        <translation>または</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="164"/>
        <source>Certificate authority to trust</source>
        <translation>信頼する認証局</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="165"/>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation>PEM 証明書 (*.pem *.crt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="201"/>
        <source>The episode to watch together</source>
        <translation>一緒に観るエピソード</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="282"/>
        <source>optional: e.g. 5114, the anime&apos;s MyAnimeList id</source>
        <translation>任意: 例 5114（MyAnimeList のアニメ ID）</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="285"/>
        <source>Comments belong to an anime&apos;s episode, not to a room: every room with the same anime id and episode shares one comment thread, which stays after the room closes. Use the anime&apos;s id on MyAnimeList (or another site your friends use too) so your rooms meet the same thread. Left empty, the anime title is used.</source>
        <translation>コメントはルームではなくアニメのエピソードに属します。同じアニメ ID とエピソードのルームはすべて一つのコメントスレッドを共有し、スレッドはルームが閉じた後も残ります。友達も使うサイト（MyAnimeList など）のアニメ ID を使えば、みんなのルームが同じスレッドにつながります。空欄の場合はアニメのタイトルが使われます。</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="289"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="290"/>
        <source>https://example.com/episode.mp4 or a file</source>
        <translation>https://example.com/episode.mp4 またはファイル</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="291"/>
        <source>Choose file…</source>
        <translation>ファイルを選択…</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="292"/>
        <source>Everyone plays their own copy of this file; the room shares only its name, size and length</source>
        <translation>各自が手元のファイルを再生します。ルームで共有されるのはファイル名・サイズ・長さだけです</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="305"/>
        <source>Video:</source>
        <translation>動画:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="317"/>
        <source>Room id:</source>
        <translation>ルームID:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="318"/>
        <source>Room key:</source>
        <translation>ルームキー:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="407"/>
        <location filename="../app/ui/StartPage.cpp" line="492"/>
        <source>Enter your display name first.</source>
        <translation>先に表示名を入力してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="410"/>
        <source>Give the room a title.</source>
        <translation>ルーム名を入力してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="419"/>
        <source>The video must be an http:// or https:// URL, or a file on this computer.</source>
        <translation>動画は http:// または https:// の URL か、このコンピューター上のファイルを指定してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="444"/>
        <location filename="../app/ui/StartPage.cpp" line="498"/>
        <source>Enter the server&apos;s address, e.g. http://server:8787.</source>
        <translation>サーバーのアドレスを入力してください（例: http://server:8787）。</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="457"/>
        <source>Reading the file…</source>
        <translation>ファイルを読み込んでいます…</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="466"/>
        <source>This file cannot be played: %1</source>
        <translation>このファイルは再生できません: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="495"/>
        <source>This is not a Watchium invite link (watchium://host:port/room).</source>
        <translation>Watchiumの招待リンクではありません（watchium://host:port/room）。</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="501"/>
        <source>Enter the room id.</source>
        <translation>ルームIDを入力してください。</translation>
    </message>
</context>
<context>
    <name>watchium::app::SyncBadge</name>
    <message>
        <location filename="../app/ui/SyncBadge.cpp" line="32"/>
        <source>In sync</source>
        <translation>同期済み</translation>
    </message>
    <message>
        <location filename="../app/ui/SyncBadge.cpp" line="34"/>
        <source>Drifting</source>
        <translation>ややずれ</translation>
    </message>
    <message>
        <location filename="../app/ui/SyncBadge.cpp" line="36"/>
        <source>Loading the video</source>
        <translation>動画を読み込み中</translation>
    </message>
    <message>
        <location filename="../app/ui/SyncBadge.cpp" line="38"/>
        <source>Buffering</source>
        <translation>バッファリング中</translation>
    </message>
    <message>
        <location filename="../app/ui/SyncBadge.cpp" line="40"/>
        <source>Can&apos;t play</source>
        <translation>再生できません</translation>
    </message>
    <message>
        <location filename="../app/ui/SyncBadge.cpp" line="44"/>
        <source>Out of sync</source>
        <translation>同期ずれ</translation>
    </message>
    <message>
        <location filename="../app/ui/SyncBadge.cpp" line="55"/>
        <source>%1 (%2 ms)</source>
        <translation>%1（%2 ms）</translation>
    </message>
</context>
</TS>
