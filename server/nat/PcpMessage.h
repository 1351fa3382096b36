#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>

#include <optional>

namespace watchium::server {

// PCP (RFC 6887) MAP requests and their answers, for one TCP port. Pure: the bytes in and out,
// tested with data rows; PcpClient does the sending. Answers are hostile input: every field of
// one is checked against the request before it is believed.
class PcpMessage
{
public:
    static constexpr int kRequestSize = 60; // common header 24 + MAP 36
    static constexpr int kNonceSize = 12;

    enum Result {
        Success = 0,
        UnsupportedVersion = 1, // also what a NAT-PMP-only server says (RFC 6887 §9)
        NotAuthorized = 2,
        NetworkFailure = 7, // the router has no public address itself
        NoResources = 8,
        CannotProvideExternal = 11,
        AddressMismatch = 12,
    };

    struct Map
    {
        QByteArray nonce; // kNonceSize bytes, the same for renewals and the removal
        quint16 internalPort = 0;
        quint16 externalPort = 0; // suggested in a request, assigned in an answer
        QHostAddress externalAddress; // assigned in an answer
        quint32 lifetimeSeconds = 0; // 0 in a request removes the mapping
    };
    struct Answer
    {
        int result = Success;
        Map map; // meaningful when result is Success
        quint32 epochSeconds = 0;
    };

    // A MAP request for TCP from `client` (this computer's IPv4 address towards the router).
    static QByteArray mapRequest(const Map &map, const QHostAddress &client);
    // The answer to `request`, or nothing when `bytes` is not one: too short, not PCP version 2
    // (a version-0 datagram is taken as NAT-PMP's "unsupported version"), not a MAP answer,
    // or for another nonce, protocol or port.
    static std::optional<Answer> parseMapAnswer(QByteArrayView bytes, const Map &request);
    static QString describe(int result);
};

} // namespace watchium::server
