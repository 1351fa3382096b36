<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>watchium::app::CommentsPanel</name>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="38"/>
        <source>Comments</source>
        <translation>コメント</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="45"/>
        <source>Comment</source>
        <translation>コメント</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="45"/>
        <source>At</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="61"/>
        <source>Cancel reply</source>
        <translation>返信をやめる</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="62"/>
        <source>Reply</source>
        <translation>返信</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="63"/>
        <source>Reply to the selected comment</source>
        <translation>選択したコメントに返信</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="66"/>
        <source>Say something about this moment… (Ctrl+Enter sends)</source>
        <translation>この場面について一言…（Ctrl+Enterで送信）</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="70"/>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="100"/>
        <source>Your comment was not posted: %1</source>
        <translation>コメントを投稿できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="132"/>
        <source>Could not load the comments: %1</source>
        <translation>コメントを読み込めませんでした: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="172"/>
        <source>%1 · %2
%3</source>
        <translation>%1 · %2
%3</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="200"/>
        <source>Replying to: %1</source>
        <translation>返信先: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/CommentsPanel.cpp" line="216"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>watchium::app::EmbeddedServer</name>
    <message>
        <location filename="../app/ui/EmbeddedServer.cpp" line="54"/>
        <source>The server did not start.</source>
        <translation>サーバーを起動できませんでした。</translation>
    </message>
</context>
<context>
    <name>watchium::app::MainWindow</name>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="36"/>
        <location filename="../app/ui/MainWindow.cpp" line="210"/>
        <source>Watchium</source>
        <translation>Watchium</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="40"/>
        <source>Start</source>
        <translation>スタート</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="41"/>
        <source>Public rooms</source>
        <translation>公開ルーム</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="65"/>
        <source>Wrong room key. Check the invite link and try again.</source>
        <translation>ルームキーが違います。招待リンクを確認してもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="67"/>
        <source>This room is private: it needs the key from the invite link.</source>
        <translation>このルームは非公開です。招待リンクのキーが必要です。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="69"/>
        <source>This room does not exist any more: it was deleted or closed.</source>
        <translation>このルームはもう存在しません（削除または終了されました）。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="71"/>
        <source>Cannot reach the server at %1. Is it running, and is the address right?</source>
        <translation>サーバー %1 に接続できません。起動しているか、アドレスが正しいか確認してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="74"/>
        <source>The server at %1 did not answer in time.</source>
        <translation>サーバー %1 から時間内に応答がありませんでした。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="76"/>
        <source>Too many attempts. Wait a moment and try again.</source>
        <translation>試行回数が多すぎます。少し待ってからもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="78"/>
        <source>You are already in this room from another window.</source>
        <translation>別のウィンドウですでにこのルームに参加しています。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="79"/>
        <source>Something went wrong (%1).</source>
        <translation>問題が発生しました（%1）。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="84"/>
        <location filename="../app/ui/MainWindow.cpp" line="105"/>
        <source>Creating the room…</source>
        <translation>ルームを作成しています…</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="97"/>
        <source>Starting the server on this computer…</source>
        <translation>このコンピューターでサーバーを起動しています…</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="110"/>
        <source>The server could not start: %1</source>
        <translation>サーバーを起動できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="117"/>
        <source>Joining the room…</source>
        <translation>ルームに参加しています…</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="125"/>
        <source>This is not a Watchium invite link: %1</source>
        <translation>Watchiumの招待リンクではありません: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="129"/>
        <source>Enter your display name, then press Join.</source>
        <translation>表示名を入力してから「参加」を押してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="151"/>
        <source>The room was closed by its host.</source>
        <translation>ホストがルームを閉じました。</translation>
    </message>
    <message>
        <location filename="../app/ui/MainWindow.cpp" line="175"/>
        <source>%1 — Watchium</source>
        <translation>%1 — Watchium</translation>
    </message>
</context>
<context>
    <name>watchium::app::MembersPanel</name>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="34"/>
        <source>Members</source>
        <translation>メンバー</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="71"/>
        <source>(unnamed)</source>
        <translation>（名前なし）</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="73"/>
        <source>%1 (you)</source>
        <translation>%1（あなた）</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="78"/>
        <source>★ %1 · host · online
%2</source>
        <translation>★ %1 · ホスト · オンライン
%2</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="79"/>
        <source>%1 · online
%2</source>
        <translation>%1 · オンライン
%2</translation>
    </message>
    <message>
        <location filename="../app/ui/MembersPanel.cpp" line="86"/>
        <source>Host: controls playback for everyone</source>
        <translation>ホスト: 全員の再生を操作します</translation>
    </message>
</context>
<context>
    <name>watchium::app::PlaybackControls</name>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="24"/>
        <location filename="../app/ui/PlaybackControls.cpp" line="79"/>
        <source>Play</source>
        <translation>再生</translation>
    </message>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="33"/>
        <location filename="../app/ui/PlaybackControls.cpp" line="102"/>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="35"/>
        <source>Sync to live</source>
        <translation>ライブに同期</translation>
    </message>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="36"/>
        <source>Jump to where the room is now</source>
        <translation>ルームの現在位置へ移動</translation>
    </message>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="66"/>
        <source>Only the host controls playback</source>
        <translation>再生を操作できるのはホストだけです</translation>
    </message>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="79"/>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location filename="../app/ui/PlaybackControls.cpp" line="110"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>watchium::app::PublicRoomsPage</name>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="34"/>
        <source>http://server:8787</source>
        <translation>http://server:8787</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="35"/>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="37"/>
        <source>Filter by title or anime</source>
        <translation>タイトルやアニメで絞り込み</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="41"/>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="41"/>
        <source>Anime</source>
        <translation>アニメ</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="41"/>
        <source>Episode</source>
        <translation>話数</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="41"/>
        <source>Members</source>
        <translation>メンバー</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="41"/>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="134"/>
        <source>Playing</source>
        <translation>再生中</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="52"/>
        <source>Server:</source>
        <translation>サーバー:</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="90"/>
        <source>Enter the server&apos;s address, e.g. http://server:8787.</source>
        <translation>サーバーのアドレスを入力してください（例: http://server:8787）。</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="98"/>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="108"/>
        <source>Could not list the rooms: %1</source>
        <translation>ルーム一覧を取得できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/PublicRoomsPage.cpp" line="135"/>
        <source>Paused</source>
        <translation>一時停止中</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/ui/PublicRoomsPage.cpp" line="139"/>
        <source>%n public room(s). Double-click one to join.</source>
        <translation>
            <numerusform>公開ルーム %n 件。ダブルクリックで参加します。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>watchium::app::RoomView</name>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="37"/>
        <source>Disconnected</source>
        <translation>切断</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="39"/>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="41"/>
        <source>Joining…</source>
        <translation>参加中…</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="43"/>
        <source>Connected</source>
        <translation>接続済み</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="47"/>
        <source>Reconnecting…</source>
        <translation>再接続中…</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="133"/>
        <source>Video: %1</source>
        <translation>動画: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="145"/>
        <source>Another member</source>
        <translation>別のメンバー</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="146"/>
        <source>You are now the host.</source>
        <translation>あなたがホストになりました。</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="147"/>
        <source>%1 is now the host.</source>
        <translation>%1 さんがホストになりました。</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="150"/>
        <source>%1 joined.</source>
        <translation>%1 さんが参加しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="152"/>
        <source>%1 left.</source>
        <translation>%1 さんが退出しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="155"/>
        <source>The room refused: %1</source>
        <translation>ルームに拒否されました: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="158"/>
        <source>Connection lost; reconnecting in %1 s…</source>
        <translation>接続が切れました。%1 秒後に再接続します…</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="193"/>
        <source>%1 — %2, episode %3</source>
        <translation>%1 — %2 第%3話</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="204"/>
        <source>Send this link to your friends</source>
        <translation>このリンクを友だちに送ってください</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="205"/>
        <source>Copy invite</source>
        <translation>招待をコピー</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="206"/>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="211"/>
        <source>Invite link copied.</source>
        <translation>招待リンクをコピーしました。</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="217"/>
        <source>Invite:</source>
        <translation>招待:</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="263"/>
        <source>RTT %1 ms · clock offset %2 ms</source>
        <translation>RTT %1 ms · 時計のずれ %2 ms</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="267"/>
        <source>You are the host</source>
        <translation>あなたはホストです</translation>
    </message>
    <message>
        <location filename="../app/ui/RoomView.cpp" line="268"/>
        <source>You: %1</source>
        <translation>あなた: %1</translation>
    </message>
</context>
<context>
    <name>watchium::app::StartPage</name>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="57"/>
        <source>Watchium</source>
        <translation>Watchium</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="62"/>
        <source>Watch anime together, in lock-step.</source>
        <translation>みんなで同時にアニメを観よう。</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="112"/>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="115"/>
        <source>Your name in rooms</source>
        <translation>ルームでの名前</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="117"/>
        <source>https://… (optional)</source>
        <translation>https://…（任意）</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="121"/>
        <source>Display name:</source>
        <translation>表示名:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="122"/>
        <source>Avatar URL:</source>
        <translation>アバターURL:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="128"/>
        <source>Create a room</source>
        <translation>ルームを作成</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="131"/>
        <source>Friday night anime</source>
        <translation>金曜アニメ会</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="134"/>
        <source>e.g. 5114</source>
        <translation>例: 5114</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="138"/>
        <source>https://example.com/episode.mp4</source>
        <translation>https://example.com/episode.mp4</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="139"/>
        <source>Public (listed for everyone)</source>
        <translation>公開（誰でも一覧に表示）</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="141"/>
        <source>Host on this computer</source>
        <translation>このコンピューターでホストする</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="145"/>
        <source>any free port</source>
        <translation>空いているポート</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="147"/>
        <location filename="../app/ui/StartPage.cpp" line="173"/>
        <source>http://server:8787</source>
        <translation>http://server:8787</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="148"/>
        <source>Create room</source>
        <translation>ルームを作成</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="154"/>
        <source>Room title:</source>
        <translation>ルーム名:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="155"/>
        <source>Anime title:</source>
        <translation>アニメのタイトル:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="156"/>
        <source>Anime id:</source>
        <translation>アニメID:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="157"/>
        <source>Episode:</source>
        <translation>話数:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="158"/>
        <source>Video URL:</source>
        <translation>動画URL:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="161"/>
        <source>Port:</source>
        <translation>ポート:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="162"/>
        <location filename="../app/ui/StartPage.cpp" line="193"/>
        <source>Server:</source>
        <translation>サーバー:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="169"/>
        <source>Join a room</source>
        <translation>ルームに参加</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="171"/>
        <source>watchium://host:port/room?key=…</source>
        <translation>watchium://host:port/room?key=…</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="176"/>
        <source>only for private rooms</source>
        <translation>非公開ルームのみ</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="177"/>
        <source>Join</source>
        <translation>参加</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="189"/>
        <source>Invite link:</source>
        <translation>招待リンク:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="190"/>
        <source>or</source>
        <translation>または</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="194"/>
        <source>Room id:</source>
        <translation>ルームID:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="195"/>
        <source>Room key:</source>
        <translation>ルームキー:</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="265"/>
        <location filename="../app/ui/StartPage.cpp" line="304"/>
        <source>Enter your display name first.</source>
        <translation>先に表示名を入力してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="268"/>
        <source>Give the room a title.</source>
        <translation>ルーム名を入力してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="272"/>
        <source>The video URL must start with http:// or https://.</source>
        <translation>動画URLは http:// または https:// で始めてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="293"/>
        <location filename="../app/ui/StartPage.cpp" line="309"/>
        <source>Enter the server&apos;s address, e.g. http://server:8787.</source>
        <translation>サーバーのアドレスを入力してください（例: http://server:8787）。</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="306"/>
        <source>This is not a Watchium invite link (watchium://host:port/room).</source>
        <translation>Watchiumの招待リンクではありません（watchium://host:port/room）。</translation>
    </message>
    <message>
        <location filename="../app/ui/StartPage.cpp" line="312"/>
        <source>Enter the room id.</source>
        <translation>ルームIDを入力してください。</translation>
    </message>
</context>
<context>
    <name>watchium::app::SyncBadge</name>
    <message>
        <location filename="../app/ui/SyncBadge.cpp" line="21"/>
        <source>In sync</source>
        <translation>同期中</translation>
    </message>
    <message>
        <location filename="../app/ui/SyncBadge.cpp" line="23"/>
        <source>Drifting</source>
        <translation>ずれ気味</translation>
    </message>
    <message>
        <location filename="../app/ui/SyncBadge.cpp" line="27"/>
        <source>Out of sync</source>
        <translation>同期ずれ</translation>
    </message>
    <message>
        <location filename="../app/ui/SyncBadge.cpp" line="34"/>
        <source>%1 (%2 ms)</source>
        <translation>%1（%2 ms）</translation>
    </message>
</context>
</TS>
