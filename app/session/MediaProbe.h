#pragma once

#include "domain/MediaIdentity.h"

#include <QObject>
#include <QTimer>

namespace watchium {

class MpvPlayer;

// Reads what a room compares about a local file before any room exists: its name and size from
// the file system, its length from a player of its own with no window and no sound (so a room
// can be created from the file). Knows nothing of rooms.
class MediaProbe : public QObject
{
    Q_OBJECT

public:
    explicit MediaProbe(QObject *parent = nullptr);
    ~MediaProbe() override;

    // A path or a file:// URL; finished() follows, once.
    void probe(const QString &pathOrUrl);

    // The local path a user's choice names (a path or a file:// URL), or empty: not a file.
    static QString localPath(const QString &pathOrUrl);
    // The name and size of a local file (no length: that takes a player); empty if none.
    static MediaIdentity fileIdentity(const QString &pathOrUrl);

Q_SIGNALS:
    // `error` empty: `identity` holds the name, size and (when the player found it) length.
    void finished(const watchium::MediaIdentity &identity, const QString &error);

private:
    void finish(const QString &error);

    MpvPlayer *m_player = nullptr;
    MediaIdentity m_identity;
    QTimer m_timeout;
};

} // namespace watchium
