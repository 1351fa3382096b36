// Invite links, `watchium://HOST:PORT/ROOM_ID?key=KEY[&tls=1]`, as pasted into the app or
// passed on its command line. Checked: a parsed link has a host, a port and a room id of the
// allowed characters; written out and parsed again it is the same link; and the invite the
// app makes for its server URL is the same link too.
#include "FuzzSupport.h"

#include "client/InviteLink.h"

#include <QRegularExpression>

using watchium::InviteLink;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text =
        QString::fromUtf8(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    const auto link = InviteLink::parse(text);
    if (!link)
        return 0;
    static const QRegularExpression roomId(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    FUZZ_CHECK(!link->host.isEmpty());
    FUZZ_CHECK(link->port > 0);
    FUZZ_CHECK(roomId.match(link->roomId).hasMatch());

    const QString written = link->toString();
    FUZZ_CHECK(!written.contains(QLatin1Char(' ')));
    const auto again = InviteLink::parse(written);
    FUZZ_CHECK(again);
    FUZZ_CHECK(*again == *link);

    const QUrl server = link->serverUrl();
    FUZZ_CHECK(server.isValid());
    FUZZ_CHECK(server.scheme() == (link->secure ? "https" : "http"));
    FUZZ_CHECK(InviteLink::forRoom(server, link->roomId, link->accessKey) == *link);
    return 0;
}
