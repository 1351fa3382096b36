#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace watchium {

// What a member says about the file it plays, so the room can tell whether everyone watches the
// same thing (Syncplay's model): the file's name without any folder, its size in bytes and its
// length. Never a path: a path tells the others who you are and how your disk is laid out.
// A field left unknown (a stream has no file name or size) is not compared.
struct MediaIdentity
{
    // Bounds every reader enforces: a name like a title, a size JSON numbers hold exactly.
    static constexpr int kNameMax = 255;
    static constexpr qint64 kSizeMax = qint64(1) << 53;

    QString name; // empty: unknown
    qint64 size = -1; // bytes; -1: unknown
    double duration = 0.0; // seconds; 0: unknown

    bool isEmpty() const { return name.isEmpty() && size < 0 && duration <= 0.0; }
    QJsonObject toJson() const;
    // `media` as a client or the server received it. Returns why it is refused (the field and
    // the reason, e.g. "name: must not contain a path"), or an empty string and fills `out`.
    static QString parse(const QJsonValue &value, MediaIdentity *out);
    // The identity of the room's own files from a rooms row (media_name, media_size,
    // media_duration); empty when the row carries none.
    static MediaIdentity fromRoomRow(const QJsonObject &row);

    friend bool operator==(const MediaIdentity &, const MediaIdentity &) = default;
};

} // namespace watchium
