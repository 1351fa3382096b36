#pragma once

#include "domain/MediaIdentity.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace watchium::validation {

// Bounds from the seeds (title ≤ 255, comment ≤ 1000, episode ≥ 1) and our own
// for fields the seeds leave open, so no field can grow without limit.
inline constexpr int kTitleMax = 255;
inline constexpr int kMessageMax = 1000;
inline constexpr int kUserIdMax = 128;
inline constexpr int kUsernameMax = 64;
inline constexpr int kAnimeIdMax = 128;
inline constexpr int kUrlMax = 2048;
// A player error as presence carries it: enough for mpv's message and the source.
inline constexpr int kPlayerErrorMax = 300;
inline constexpr qint64 kEpisodeMax = 100000;
inline constexpr double kMaxVideoSeconds = 7 * 24 * 3600.0;
inline constexpr double kMinRate = 0.25;
inline constexpr double kMaxRate = 4.0;

bool isRoomId(const QString &value);
bool isAccessKey(const QString &value);
bool isHttpUrl(const QString &value);
// Control characters are refused in every text field; comments may keep
// line breaks and tabs.
bool hasForbiddenControl(const QString &value, bool allowLineBreaks);

// Reads and checks the fields of one JSON request body, remembering the first
// problem so the caller can answer with one clear error.
class Fields
{
public:
    explicit Fields(const QJsonObject &body);

    // Trimmed text of 1..maxLength characters; required unless `optional`.
    QString text(const QString &key, int maxLength, bool optional = false,
                 bool allowLineBreaks = false);
    QString roomId(const QString &key = QStringLiteral("room_id"));
    QString httpUrl(const QString &key, bool optional = false);
    std::optional<qint64> integer(const QString &key, qint64 min, qint64 max,
                                  bool optional = false);
    std::optional<double> number(const QString &key, double min, double max, bool optional = false);
    std::optional<bool> boolean(const QString &key, bool optional = false);
    // A file's identity {name, size, duration} (see MediaIdentity); always optional.
    std::optional<MediaIdentity> media(const QString &key);
    bool has(const QString &key) const;

    bool ok() const { return m_errorField.isEmpty(); }
    QString errorField() const { return m_errorField; }
    QString errorMessage() const { return m_errorMessage; }

private:
    bool fail(const QString &key, const QString &message);
    bool present(const QString &key, bool optional);

    QJsonObject m_body;
    QString m_errorField;
    QString m_errorMessage;
};

} // namespace watchium::validation
