#include "HeadlessQueue.h"

#include "client/QueueClient.h"
#include "client/RoomClient.h"
#include "JsonLines.h"
#include "NextOwnFile.h"
#include "RoomPlayback.h"

namespace watchium::app {

HeadlessQueue::HeadlessQueue(RoomClient *room, RoomPlayback *playback, QObject *parent)
    : QObject(parent)
    , m_room(room)
    , m_playback(playback)
    , m_queue(new QueueClient(room, this))
{
    connect(m_queue, &QueueClient::queueChanged, this, &HeadlessQueue::printQueue);
    connect(m_queue, &QueueClient::episodeChanged, this, &HeadlessQueue::episodeChanged);
    connect(m_queue, &QueueClient::countdownChanged, this,
            [this](qint64 advanceAtMs, const QString &reason) {
                printJsonLine({{QStringLiteral("event"), QStringLiteral("countdown")},
                               {QStringLiteral("advance_at"), advanceAtMs},
                               {QStringLiteral("in_ms"),
                                advanceAtMs > 0 ? advanceAtMs - m_room->serverNowMs() : 0},
                               {QStringLiteral("reason"), reason}});
            });
}

QString HeadlessQueue::usage()
{
    return QStringLiteral("queue add EP URL|- [TITLE], queue move N TO, queue remove N, "
                          "queue next, queue cancel, auto_advance on|off");
}

void HeadlessQueue::printQueue()
{
    QJsonObject line = m_queue->queue().toJson();
    line.insert(QStringLiteral("event"), QStringLiteral("queue"));
    line.insert(QStringLiteral("episode_number"), m_queue->episode());
    printJsonLine(line);
}

void HeadlessQueue::episodeChanged(qint64 episode, const QString &title, const QString &videoUrl)
{
    printJsonLine({{QStringLiteral("event"), QStringLiteral("episode")},
                   {QStringLiteral("episode_number"), episode},
                   {QStringLiteral("title"), title},
                   {QStringLiteral("video_url"), videoUrl}});
    if (!videoUrl.isEmpty())
        return;
    // Everyone plays their own copy of this one: the next file beside the one played so far.
    const QString file = nextOwnFile(m_playback->userMedia(), episode);
    printJsonLine({{QStringLiteral("event"), QStringLiteral("own_file")},
                   {QStringLiteral("episode_number"), episode},
                   {QStringLiteral("file"), file.isEmpty() ? QJsonValue() : QJsonValue(file)}});
    if (file.isEmpty())
        return;
    m_playback->open(file, RoomPlayback::Source::User);
}

qint64 HeadlessQueue::idAt(const QString &position) const
{
    bool ok = false;
    const int n = position.toInt(&ok);
    const auto &entries = m_queue->queue().entries;
    return ok && n >= 1 && n <= entries.size() ? entries.at(n - 1).id : 0;
}

bool HeadlessQueue::command(const QString &verb, const QString &argument, QString *error)
{
    const QStringList words = argument.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (verb == QLatin1String("auto_advance")) {
        if (argument != QLatin1String("on") && argument != QLatin1String("off"))
            *error = QStringLiteral("auto_advance needs on or off");
        else
            m_queue->setAutoAdvance(argument == QLatin1String("on"));
        return true;
    }
    if (verb != QLatin1String("queue"))
        return false;
    const QString sub = words.value(0);
    if (sub == QLatin1String("add") && words.size() >= 3) {
        bool ok = false;
        const qint64 episode = words.at(1).toLongLong(&ok);
        const QString url = words.at(2) == QLatin1String("-") ? QString() : words.at(2);
        if (!ok)
            *error = QStringLiteral("queue add needs an episode number");
        else
            m_queue->add(episode, words.mid(3).join(QLatin1Char(' ')), url);
    } else if (sub == QLatin1String("move") && words.size() == 3) {
        const qint64 id = idAt(words.at(1));
        const int to = words.at(2).toInt() - 1;
        if (id == 0 || to < 0)
            *error = QStringLiteral("queue move needs two positions in the queue (from 1)");
        else
            m_queue->move(id, to);
    } else if (sub == QLatin1String("remove") && words.size() == 2) {
        const qint64 id = idAt(words.at(1));
        if (id == 0)
            *error = QStringLiteral("queue remove needs a position in the queue (from 1)");
        else
            m_queue->remove(id);
    } else if (sub == QLatin1String("next")) {
        m_queue->next();
    } else if (sub == QLatin1String("cancel")) {
        m_queue->cancelAdvance();
    } else {
        *error = QStringLiteral("queue commands: ") + usage();
    }
    return true;
}

} // namespace watchium::app
