#include "rooms/BroadcastRule.h"

#include "protocol/ErrorCodes.h"
#include "protocol/PlaybackEvents.h"

#include <QSet>

namespace watchium::server {

BroadcastRule::Verdict BroadcastRule::judge(bool roomTopic, bool fromMember, const QString &event)
{
    if (!roomTopic)
        return Verdict::Relay;
    // Controls first: the control path says "not the host" or "not a member" itself.
    if (isControlEvent(event))
        return Verdict::Control;
    if (isServerEvent(event))
        return Verdict::Reserved;
    if (!fromMember)
        return Verdict::MembersOnly;
    return isReactionEvent(event) ? Verdict::Reaction : Verdict::Relay;
}

ApiError BroadcastRule::refusal(Verdict verdict, const QString &event)
{
    if (verdict == Verdict::Reserved)
        return {403, QStringLiteral("reserved_event"),
                QStringLiteral("%1 is sent by the server only").arg(event.left(64))};
    return {403, protocol::errors::kTokenRequired,
            QStringLiteral("only room members can broadcast in a room")};
}

QJsonObject BroadcastRule::controlRequest(const QString &event, const QJsonObject &payload)
{
    QJsonObject control = payload;
    if (event != QLatin1String("sync_control"))
        control.insert(QStringLiteral("action"), event);
    return control;
}

bool BroadcastRule::isServerEvent(const QString &event)
{
    static const QSet<QString> kEvents {
        QStringLiteral("member_joined"), QStringLiteral("member_left"),
        QStringLiteral("new_host"),      QStringLiteral("new_comment"),
        QStringLiteral("state"),         QStringLiteral("video_changed"),
        QStringLiteral("group_wait")};
    // The episode queue's (QueueService).
    static const QSet<QString> kQueueEvents {QStringLiteral("queue_changed"),
                                             QStringLiteral("episode_changed"),
                                             QStringLiteral("advance_countdown")};
    return kEvents.contains(event) || kQueueEvents.contains(event);
}

bool BroadcastRule::isReactionEvent(const QString &event)
{
    return event == QLatin1String("reaction");
}

bool BroadcastRule::isControlEvent(const QString &event)
{
    return protocol::playback::isControl(event) || event == QLatin1String("sync_control");
}

} // namespace watchium::server
