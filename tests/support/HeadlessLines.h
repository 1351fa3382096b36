#pragma once

#include <QJsonObject>

// Predicates on the JSON lines a `watchium --headless` client prints (HeadlessProcess::waitFor).
namespace watchium::test::headless {

inline bool isEvent(const QJsonObject &line, const char *event)
{
    return line.value(QLatin1String("event")).toString() == QLatin1String(event);
}

// In the room: a `state` line whose connection is "joined".
inline bool joined(const QJsonObject &line)
{
    return isEvent(line, "state")
        && line.value(QLatin1String("connection")) == QLatin1String("joined");
}

// In the room with the video loaded, so its samples follow the host.
inline bool joinedWithVideo(const QJsonObject &line)
{
    return joined(line) && line.value(QLatin1String("video_loaded")).toBool();
}

} // namespace watchium::test::headless
