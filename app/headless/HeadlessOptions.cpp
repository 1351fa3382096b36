#include "HeadlessOptions.h"

#include "client/CertificatePin.h"
#include "client/ClientTls.h"
#include "domain/Validation.h"

#include <QCommandLineParser>
#include <QUuid>

namespace watchium::app {

void HeadlessOptions::addTo(QCommandLineParser &parser)
{
    const auto add = [&](const char *name, const char *help, const char *value = nullptr) {
        parser.addOption({QString::fromLatin1(name), QString::fromLatin1(help),
                          value ? QString::fromLatin1(value) : QString()});
    };
    add("headless",
        "Run the scriptable client: no window, JSON lines on stdout, commands on "
        "stdin (play, pause, seek S, speed R, comment TEXT, quit).");
    add("server-url", "Headless: the Watchium server, e.g. http://127.0.0.1:8787.", "url");
    add("ca-file",
        "Headless: trust the certificate authorities in this PEM file too (a server with a "
        "private CA); SSL_CERT_FILE and SSL_CERT_DIR are honoured as well.",
        "file");
    add("fingerprint",
        "Headless: accept only the server certificate with this SHA-256 fingerprint (base64url "
        "or hex), as an invite to a room hosted in the app carries it; no CA is then asked.",
        "sha256");
    add("name", "Headless: your display name.", "name");
    add("user-id", "Headless: your user ID (default: made from the name).", "id");
    add("create", "Headless: create a room and host it.");
    add("title", "Headless --create: the room's title.", "text");
    add("anime-id", "Headless --create: the anime's ID.", "id");
    add("anime-title", "Headless --create: the anime's title.", "text");
    add("episode", "Headless --create: the episode number (default 1).", "n");
    add("video",
        "Headless --create: the room's video URL (http(s)); leave it out and give --media "
        "for a room where everyone plays their own copy.",
        "url");
    add("private", "Headless --create: make the room private (a 6-digit key is printed).");
    add("media",
        "Headless: play this local copy (a file or any mpv URL, e.g. av://lavfi:...) "
        "instead of the room's video URL.",
        "url");
    add("room", "Headless: join this room ID.", "id");
    add("key", "Headless --room: the private room's access key.", "key");
    add("debug-clock-offset-ms",
        "Headless: shift the clock this client syncs with by N ms (sample wall_ms stays true).",
        "n");
    add("sample-interval-ms", "Headless: how often to print a sample line (default 250).", "ms");
}

QString HeadlessOptions::parse(const QCommandLineParser &p, HeadlessOptions *o)
{
    const auto value = [&](const char *name) {
        return p.value(QString::fromLatin1(name));
    };
    o->serverUrl = QUrl(value("server-url"));
    if (!o->serverUrl.isValid() || !o->serverUrl.scheme().startsWith(QLatin1String("http")))
        return QStringLiteral("--server-url must be an http(s) URL of a Watchium server");
    o->anonKey = value("anon-key");
    o->caFile = value("ca-file");
    if (!o->caFile.isEmpty()) {
        QString error;
        if (ClientTls::readCaFile(o->caFile, &error).isEmpty())
            return QStringLiteral("--ca-file: ") + error;
    }
    o->fingerprint = value("fingerprint");
    if (!o->fingerprint.isEmpty()) {
        if (CertificatePin::fromText(o->fingerprint).isNull())
            return QStringLiteral("--fingerprint needs a SHA-256 fingerprint (43 base64url "
                                  "characters or 64 hex digits)");
        if (o->serverUrl.scheme() != QLatin1String("https"))
            return QStringLiteral("--fingerprint needs an https --server-url");
    }
    o->name = value("name").trimmed();
    if (o->name.isEmpty() || o->name.size() > validation::kUsernameMax)
        return QStringLiteral("--name is required (at most %1 characters)")
            .arg(validation::kUsernameMax);
    o->userId = value("user-id");
    if (o->userId.isEmpty()) {
        o->userId = o->name.toLower().simplified().replace(QLatin1Char(' '), QLatin1Char('-'))
            + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128).left(8);
    }
    o->create = p.isSet(QStringLiteral("create"));
    o->roomId = value("room");
    if (o->create == !o->roomId.isEmpty())
        return QStringLiteral("give either --create or --room ID");
    bool ok = true;
    if (p.isSet(QStringLiteral("debug-clock-offset-ms"))) {
        o->clockOffsetMs = value("debug-clock-offset-ms").toDouble(&ok);
        if (!ok)
            return QStringLiteral("--debug-clock-offset-ms needs a number");
    }
    if (p.isSet(QStringLiteral("sample-interval-ms"))) {
        o->sampleIntervalMs = value("sample-interval-ms").toInt(&ok);
        if (!ok || o->sampleIntervalMs < 10)
            return QStringLiteral("--sample-interval-ms needs a whole number >= 10");
    }
    o->media = value("media");
    if (!o->create) {
        o->accessKey = value("key");
        return {};
    }
    o->title = value("title");
    o->animeId = value("anime-id");
    o->animeTitle = value("anime-title");
    o->videoUrl = value("video");
    o->isPrivate = p.isSet(QStringLiteral("private"));
    o->episode = p.isSet(QStringLiteral("episode")) ? value("episode").toInt(&ok) : 1;
    if (!ok || o->episode < 1)
        return QStringLiteral("--episode needs a whole number >= 1");
    if (o->title.isEmpty() || o->animeId.isEmpty() || o->animeTitle.isEmpty()
        || (o->videoUrl.isEmpty() && o->media.isEmpty()))
        return QStringLiteral("--create needs --title, --anime-id, --anime-title and --video, "
                              "or --media instead of --video for a room of own copies");
    // Without --video the room is one of own copies: everyone plays their own file.
    if (!o->videoUrl.isEmpty() && !validation::isHttpUrl(o->videoUrl))
        return QStringLiteral("--video is the room's shared video and must be an http(s) URL; "
                              "to play a local copy as well, add --media");
    return {};
}

} // namespace watchium::app
