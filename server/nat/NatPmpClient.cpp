#include "NatPmpClient.h"

#include <QDeadlineTimer>

#include <arpa/inet.h>
#include <natpmp.h>
#include <sys/select.h>
#include <sys/socket.h>

namespace watchium::server {

namespace {

QString describe(int code)
{
    switch (code) {
    case NATPMP_ERR_CANNOTGETGATEWAY:
        return QStringLiteral("no default gateway");
    case NATPMP_ERR_NOGATEWAYSUPPORT:
    case NATPMP_TRYAGAIN:
        return QStringLiteral("the gateway does not answer NAT-PMP");
    case NATPMP_ERR_NETWORKFAILURE:
        return QStringLiteral("the gateway has no public address (NAT-PMP network failure)");
    case NATPMP_ERR_NOTAUTHORIZED:
        return QStringLiteral("the gateway refused the mapping (not authorized)");
    case NATPMP_ERR_OUTOFRESOURCES:
        return QStringLiteral("the gateway has no free port (out of resources)");
    default:
        return QStringLiteral("NAT-PMP error %1").arg(code);
    }
}

QHostAddress fromInAddr(in_addr_t address)
{
    return QHostAddress(ntohl(address));
}

} // namespace

struct NatPmpClient::Session
{
    natpmp_t natpmp {};
    ~Session() { closenatpmp(&natpmp); }
};

NatPmpClient::NatPmpClient() = default;
NatPmpClient::~NatPmpClient() = default;

bool NatPmpClient::open()
{
    m_session.reset();
    auto session = std::make_unique<Session>();
    const int code = initnatpmp(&session->natpmp, 0, 0);
    if (code < 0)
        return fail(code);
    m_gateway = fromInAddr(session->natpmp.gateway);
    // The socket is connected to the gateway: its local end is the address a mapping serves.
    sockaddr_in local {};
    socklen_t length = sizeof local;
    if (getsockname(session->natpmp.s, reinterpret_cast<sockaddr *>(&local), &length) == 0)
        m_local = fromInAddr(local.sin_addr.s_addr);
    m_session = std::move(session);
    return true;
}

bool NatPmpClient::fail(int code)
{
    m_code = code;
    m_error = describe(code);
    return false;
}

bool NatPmpClient::await(void *response, int timeoutMs)
{
    auto *answer = static_cast<natpmpresp_t *>(response);
    const QDeadlineTimer deadline(timeoutMs);
    natpmp_t *natpmp = &m_session->natpmp;
    for (;;) {
        timeval wait {};
        getnatpmprequesttimeout(natpmp, &wait);
        const qint64 left = deadline.remainingTime();
        if (left <= 0)
            return fail(NATPMP_TRYAGAIN);
        const qint64 waitMs = qint64(wait.tv_sec) * 1000 + wait.tv_usec / 1000;
        if (waitMs > left) {
            wait.tv_sec = time_t(left / 1000);
            wait.tv_usec = suseconds_t((left % 1000) * 1000);
        }
        fd_set readable;
        FD_ZERO(&readable);
        FD_SET(natpmp->s, &readable);
        select(natpmp->s + 1, &readable, nullptr, nullptr, &wait);
        // Reads the answer, or sends the request again once its retry time has come.
        const int code = readnatpmpresponseorretry(natpmp, answer);
        if (code == 0)
            return true;
        if (code != NATPMP_TRYAGAIN)
            return fail(code);
    }
}

QHostAddress NatPmpClient::publicAddress(int timeoutMs)
{
    if (!m_session)
        return {};
    const int sent = sendpublicaddressrequest(&m_session->natpmp);
    if (sent < 0) {
        fail(sent);
        return {};
    }
    natpmpresp_t answer {};
    if (!await(&answer, timeoutMs) || answer.type != NATPMP_RESPTYPE_PUBLICADDRESS)
        return {};
    return fromInAddr(answer.pnu.publicaddress.addr.s_addr);
}

std::optional<NatPmpClient::Granted> NatPmpClient::map(quint16 privatePort, quint16 publicPort,
                                                       int lifetimeSeconds, int timeoutMs)
{
    if (!m_session)
        return std::nullopt;
    const int sent = sendnewportmappingrequest(&m_session->natpmp, NATPMP_PROTOCOL_TCP, privatePort,
                                               publicPort, uint32_t(lifetimeSeconds));
    if (sent < 0) {
        fail(sent);
        return std::nullopt;
    }
    natpmpresp_t answer {};
    if (!await(&answer, timeoutMs) || answer.type != NATPMP_RESPTYPE_TCPPORTMAPPING)
        return std::nullopt;
    Granted granted;
    granted.publicPort = answer.pnu.newportmapping.mappedpublicport;
    granted.lifetimeSeconds = int(answer.pnu.newportmapping.lifetime);
    return granted;
}

bool NatPmpClient::unmap(quint16 privatePort, int timeoutMs)
{
    return map(privatePort, 0, 0, timeoutMs).has_value();
}

} // namespace watchium::server
