#pragma once

#include "domain/PlayerStatus.h"

#include <QObject>
#include <QString>
#include <QTimer>

namespace watchium {

class MpvPlayer;

// The player's status as the room's presence reports it (loading, ready, buffering, error),
// from MpvPlayer's signals. A seek or an empty cache counts as buffering only once it has held
// playback for kDebounceMs: every seek holds playback for a moment, and telling the room each
// time would start a group wait for nothing.
class PlayerStatusTracker : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDebounceMs = 500;

    explicit PlayerStatusTracker(MpvPlayer *player, QObject *parent = nullptr);

    // A source is being opened: loading until the player has it, earlier failures forgotten.
    void opening();
    // The source was not given to the player at all, for `why`.
    void refused(const QString &why);

    PlayerStatus status() const { return m_status; }
    // Why the video cannot play; empty unless status() is Error.
    QString error() const { return m_error; }

Q_SIGNALS:
    void statusChanged(watchium::PlayerStatus status);

private:
    void update();

    MpvPlayer *m_player;
    bool m_loaded = false;
    QString m_error;
    QTimer m_debounce;
    bool m_heldLong = false;
    PlayerStatus m_status = PlayerStatus::Loading;
};

} // namespace watchium
