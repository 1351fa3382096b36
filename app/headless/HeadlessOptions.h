#pragma once

#include <QString>
#include <QUrl>

class QCommandLineParser;

namespace watchium::app {

// `watchium --headless ...`: what the scriptable client was asked to do.
struct HeadlessOptions
{
    QUrl serverUrl;
    QString anonKey;
    // https servers: a CA to trust besides the system's, or the one certificate to accept.
    QString caFile;
    QString fingerprint; // base64url or hex SHA-256 of the certificate
    QString name;
    QString userId;
    bool create = false;
    // --create
    QString title;
    QString animeId;
    QString animeTitle;
    int episode = 1;
    QString videoUrl;
    bool isPrivate = false;
    // --room
    QString roomId;
    QString accessKey;
    // What this client plays instead of the room's video_url: a local copy of
    // the episode (Syncplay's model), or a generated source in tests.
    QString media;

    double clockOffsetMs = 0.0;
    int sampleIntervalMs = 250;

    static void addTo(QCommandLineParser &parser);
    // Fills `options` or returns why the arguments do not make sense.
    static QString parse(const QCommandLineParser &parser, HeadlessOptions *options);
};

} // namespace watchium::app
