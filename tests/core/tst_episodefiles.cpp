#include "domain/EpisodeFiles.h"

#include <QTest>

using namespace watchium;

Q_DECLARE_METATYPE(std::optional<qint64>)

// The episode number in real-world file names, and the pick of a folder's next file.
class TestEpisodeFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void episodeOf_data();
    void episodeOf();
    void pick_data();
    void pick();
};

void TestEpisodeFiles::episodeOf_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("episode"); // 0: none
    const auto row = [](const char *tag, const char *name, qint64 episode) {
        QTest::newRow(tag) << QString::fromUtf8(name) << episode;
    };
    row("fansub_dash", "[SubsPlease] Sousou no Frieren - 05 (1080p) [F02B9CBE].mkv", 5);
    row("fansub_multi_brackets", "[Erai-raws] Kimetsu no Yaiba - 05 [1080p][Multiple Subtitle].mkv",
        5);
    row("fansub_version", "[Group] Show - 05v2 [1080p].mkv", 5);
    row("title_with_number", "[HorribleSubs] Mob Psycho 100 S2 - 05 [720p].mkv", 5);
    row("title_with_zero", "Steins;Gate 0 - 03 [BD 1080p].mkv", 3);
    row("year_in_title", "Monogatari Series 2019 - 07.mkv", 7);
    row("year_in_parens", "Show (2019) - 12 [720p].mkv", 12);
    row("year_bare", "Show 2019 05.mkv", 5);
    row("four_digit_episode", "[Group] One Piece - 1071 [1080p].mkv", 1071);
    row("scene_sxxexx", "Cowboy.Bebop.S01E05.1080p.BluRay.x264-GRP.mkv", 5);
    row("scene_year_first", "Show.2019.S02E11.1080p.WEB-DL.H264.mkv", 11);
    row("sxxexx_spaced", "Cowboy Bebop S01 E05.mkv", 5);
    row("cross", "Show 1x05 Title.avi", 5);
    row("ep_short", "ep5.mp4", 5);
    row("ep_dot", "Show.Ep.09.HDTV.mkv", 9);
    row("episode_word", "Show Episode 12 - The End.mkv", 12);
    row("e_prefix", "Show E07 [1080p].mkv", 7);
    row("number_only", "05.mp4", 5);
    row("underscores", "Show_Name_-_08_[720p].mkv", 8);
    row("last_bare_number", "Neon Genesis Evangelion 05 (BD 1080p x265 10bit FLAC).mkv", 5);
    row("japanese", "葬送のフリーレン 第05話.mp4", 5);
    row("bracketed_episode", "Show [06] [1080p].mkv", 6);
    row("crc_only", "[Group] Show [ABCD1234].mkv", 0);
    row("resolution_only", "Show 1080p.mkv", 0);
    row("codec_only", "Show x264 10bit.mkv", 0);
    row("year_only", "Movie 2019.mkv", 0);
    row("no_number", "My Video.mkv", 0);
}

void TestEpisodeFiles::episodeOf()
{
    QFETCH(QString, name);
    QFETCH(qint64, episode);
    const auto found = EpisodeFiles::episodeOf(name);
    QCOMPARE(found.value_or(0), episode);
}

void TestEpisodeFiles::pick_data()
{
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<qint64>("episode");
    QTest::addColumn<QString>("expected");
    const QStringList season {QStringLiteral("[Group] Show - 04 [1080p][AAAA1111].mkv"),
                              QStringLiteral("[Group] Show - 05 [1080p][BBBB2222].ass"),
                              QStringLiteral("[Group] Show - 05 [1080p][CCCC3333].mkv"),
                              QStringLiteral("[Group] Show - 15 [1080p][DDDD4444].mkv"),
                              QStringLiteral("[Group] Show - 50 [1080p][EEEE5555].mkv"),
                              QStringLiteral("notes.txt")};
    QTest::newRow("next_in_season") << season << qint64(5) << season.at(2);
    QTest::newRow("not_a_longer_number") << season << qint64(1) << QString();
    QTest::newRow("subtitle_skipped") << QStringList {season.at(1)} << qint64(5) << QString();
    QTest::newRow("two_digit") << season << qint64(15) << season.at(3);
    QTest::newRow("missing") << season << qint64(6) << QString();
    QTest::newRow("first_by_name")
        << QStringList {QStringLiteral("b 05.mkv"), QStringLiteral("A 05.mp4")} << qint64(5)
        << QStringLiteral("A 05.mp4");
    QTest::newRow("empty_folder") << QStringList {} << qint64(1) << QString();
}

void TestEpisodeFiles::pick()
{
    QFETCH(QStringList, files);
    QFETCH(qint64, episode);
    QFETCH(QString, expected);
    QCOMPARE(EpisodeFiles::pick(files, episode), expected);
}

QTEST_APPLESS_MAIN(TestEpisodeFiles)
#include "tst_episodefiles.moc"
