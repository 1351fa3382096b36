#include "PortMapperWorker.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QRandomGenerator>

#include <natpmp.h>

Q_LOGGING_CATEGORY(lcNat, "watchium.nat")

namespace watchium::server {

namespace {

// UPnP error codes the mapper answers (UPnP IGD WANIPConnection:2, section 2.4.16).
constexpr int kConflictInMappingEntry = 718;
constexpr int kOnlyPermanentLeasesSupported = 725;
// When the lease is permanent or long, the mapping is still asked for again this often: a
// router that restarted has forgotten it.
constexpr int kMaxRenewalMs = 20 * 60 * 1000;

} // namespace

PortMapperWorker::PortMapperWorker(PortMapperOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_renewal(this)
{
    m_renewal.setSingleShot(true);
    connect(&m_renewal, &QTimer::timeout, this, &PortMapperWorker::renew);
}

void PortMapperWorker::map()
{
    m_renewal.stop();
    m_mapping = {};
    m_mapping.state = PortMapping::State::Pending;
    m_mapping.internalPort = m_options.port;
    report();
    QElapsedTimer clock;
    clock.start();
    const bool mapped = (m_options.upnp && mapWithUpnp(false)) || mapNearGateway();
    if (mapped) {
        qCInfo(lcNat, "mapped TCP %u -> %s:%u via %s in %lld ms, lease %d s (this computer: %s)",
               m_options.port, qPrintable(m_mapping.externalAddress.toString()),
               m_mapping.externalPort, PortMapping::methodName(m_mapping.method), clock.elapsed(),
               m_mapping.leaseSeconds, qPrintable(m_mapping.internalAddress.toString()));
        scheduleRenewal();
    } else {
        m_mapping.state = PortMapping::State::Failed;
        qCWarning(lcNat, "could not map TCP %u in %lld ms: %s", m_options.port, clock.elapsed(),
                  qPrintable(m_mapping.error));
    }
    report();
}

void PortMapperWorker::renew()
{
    if (!m_mapping.isMapped())
        return;
    const PortMapping before = m_mapping;
    bool renewed = false;
    switch (before.method) {
    case PortMapping::Method::Upnp:
        renewed = mapWithUpnp(true);
        break;
    case PortMapping::Method::Pcp:
        renewed = mapWithPcp(true) == PcpOutcome::Mapped;
        break;
    case PortMapping::Method::NatPmp:
    case PortMapping::Method::None:
        renewed = mapWithNatPmp(true);
        break;
    }
    if (renewed) {
        m_mapping.renewals = before.renewals + 1;
        qCInfo(lcNat, "renewed TCP %u -> %s:%u via %s, lease %d s (renewal %d)", m_options.port,
               qPrintable(m_mapping.externalAddress.toString()), m_mapping.externalPort,
               PortMapping::methodName(m_mapping.method), m_mapping.leaseSeconds,
               m_mapping.renewals);
        scheduleRenewal();
        report();
        return;
    }
    // The router forgot us or went away: start over, it may be another one now.
    qCWarning(lcNat, "renewal of TCP %u failed (%s); mapping again", m_options.port,
              qPrintable(m_mapping.error));
    map();
}

bool PortMapperWorker::mapWithUpnp(bool renewal)
{
    if (!renewal || !m_upnp.hasGateway()) {
        if (!m_upnp.discover(m_options.discoveryTimeoutMs)) {
            setFailure(PortMapping::Failure::NoRouter, QStringLiteral("UPnP: ") + m_upnp.error());
            return false;
        }
    }
    if (!m_upnp.isConnected()) {
        m_mapping.externalAddress = m_upnp.externalAddress();
        setFailure(PortMapping::Failure::NoPublicAddress,
                   QStringLiteral("UPnP: the router says it is not connected to the internet"));
        return false;
    }
    const QHostAddress internal = m_upnp.lanAddress();
    quint16 external = renewal ? m_mapping.externalPort : m_options.port;
    int lease = renewal ? m_mapping.leaseSeconds : m_options.leaseSeconds;
    int code = m_upnp.addMapping(external, m_options.port, internal, m_options.description, lease);
    if (code == kOnlyPermanentLeasesSupported) {
        lease = 0;
        code = m_upnp.addMapping(external, m_options.port, internal, m_options.description, 0);
    }
    if (code == kConflictInMappingEntry && !renewal) {
        // Another computer has this port: let the router pick one near it.
        code = m_upnp.addAnyMapping(m_options.port, m_options.port, internal, m_options.description,
                                    lease, &external);
    }
    if (code != 0) {
        setFailure(PortMapping::Failure::Refused, QStringLiteral("UPnP: ") + m_upnp.error());
        return false;
    }
    m_mapping.state = PortMapping::State::Mapped;
    m_mapping.method = PortMapping::Method::Upnp;
    m_mapping.failure = PortMapping::Failure::None;
    m_mapping.error.clear();
    m_mapping.externalAddress = m_upnp.externalAddress();
    m_mapping.externalPort = external;
    m_mapping.internalAddress = internal;
    m_mapping.leaseSeconds = lease;
    return true;
}

bool PortMapperWorker::mapNearGateway()
{
    if (m_options.pcp) {
        switch (mapWithPcp(false)) {
        case PcpOutcome::Mapped:
            return true;
        case PcpOutcome::Failed:
            // A gateway silent to PCP is silent to NAT-PMP too: a NAT-PMP server must answer
            // an unknown version (RFC 6886 §3.5). Its refusal would be NAT-PMP's as well.
            return false;
        case PcpOutcome::NotSpoken:
            break;
        }
    }
    return m_options.natPmp && mapWithNatPmp(false);
}

PortMapperWorker::PcpOutcome PortMapperWorker::mapWithPcp(bool renewal)
{
    if (!renewal || m_pcp.localAddress().isNull()) {
        if (!m_natPmp.open()) { // libnatpmp finds the default gateway
            setFailure(PortMapping::Failure::NoRouter, QStringLiteral("PCP: ") + m_natPmp.error());
            return PcpOutcome::Failed;
        }
        if (!m_pcp.open(m_natPmp.gateway())) {
            setFailure(PortMapping::Failure::NoRouter, m_pcp.error());
            return PcpOutcome::Failed;
        }
    }
    if (renewal) {
        m_pcpRequest.externalPort = m_mapping.externalPort;
        m_pcpRequest.lifetimeSeconds = quint32(m_mapping.leaseSeconds);
    } else {
        QByteArray nonce(PcpMessage::kNonceSize, '\0');
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(nonce.data()),
                                              PcpMessage::kNonceSize / 4);
        m_pcpRequest.nonce = nonce;
        m_pcpRequest.internalPort = m_options.port;
        m_pcpRequest.externalPort = m_options.port;
        m_pcpRequest.lifetimeSeconds = quint32(qMax(0, m_options.leaseSeconds));
    }
    const auto answer = m_pcp.map(m_pcpRequest, m_options.natPmpTimeoutMs);
    if (!answer) {
        setFailure(PortMapping::Failure::NoRouter, m_pcp.error());
        if (m_pcp.wasSilent())
            return PcpOutcome::Failed;
        qCInfo(lcNat, "PCP failed (%s); trying NAT-PMP", qPrintable(m_pcp.error()));
        return PcpOutcome::NotSpoken;
    }
    if (answer->result == PcpMessage::UnsupportedVersion) {
        qCInfo(lcNat, "the gateway does not speak PCP; trying NAT-PMP");
        return PcpOutcome::NotSpoken;
    }
    if (answer->result != PcpMessage::Success) {
        setFailure(answer->result == PcpMessage::NetworkFailure
                       ? PortMapping::Failure::NoPublicAddress
                       : PortMapping::Failure::Refused,
                   QStringLiteral("PCP: ") + PcpMessage::describe(answer->result));
        return PcpOutcome::Failed;
    }
    m_mapping.state = PortMapping::State::Mapped;
    m_mapping.method = PortMapping::Method::Pcp;
    m_mapping.failure = PortMapping::Failure::None;
    m_mapping.error.clear();
    m_mapping.externalAddress = answer->map.externalAddress;
    m_mapping.externalPort = answer->map.externalPort;
    m_mapping.internalAddress = m_pcp.localAddress();
    m_mapping.leaseSeconds = int(answer->map.lifetimeSeconds);
    return PcpOutcome::Mapped;
}

bool PortMapperWorker::mapWithNatPmp(bool renewal)
{
    if (!renewal || m_natPmp.gateway().isNull()) {
        if (!m_natPmp.open()) {
            setFailure(PortMapping::Failure::NoRouter,
                       QStringLiteral("NAT-PMP: ") + m_natPmp.error());
            return false;
        }
    }
    const auto failure = [this] {
        const int code = m_natPmp.errorCode();
        setFailure(code == NATPMP_ERR_NETWORKFAILURE ? PortMapping::Failure::NoPublicAddress
                       : code == NATPMP_TRYAGAIN || code == NATPMP_ERR_NOGATEWAYSUPPORT
                       ? PortMapping::Failure::NoRouter
                       : PortMapping::Failure::Refused,
                   QStringLiteral("NAT-PMP: ") + m_natPmp.error());
        return false;
    };
    const QHostAddress external = m_natPmp.publicAddress(m_options.natPmpTimeoutMs);
    if (external.isNull())
        return failure();
    const quint16 wanted = renewal ? m_mapping.externalPort : m_options.port;
    const int lease = renewal ? m_mapping.leaseSeconds : m_options.leaseSeconds;
    const auto granted = m_natPmp.map(m_options.port, wanted, lease, m_options.natPmpTimeoutMs);
    if (!granted)
        return failure();
    m_mapping.state = PortMapping::State::Mapped;
    m_mapping.method = PortMapping::Method::NatPmp;
    m_mapping.failure = PortMapping::Failure::None;
    m_mapping.error.clear();
    m_mapping.externalAddress = external;
    m_mapping.externalPort = granted->publicPort;
    m_mapping.internalAddress = m_natPmp.localAddress();
    m_mapping.leaseSeconds = granted->lifetimeSeconds;
    return true;
}

void PortMapperWorker::setFailure(PortMapping::Failure failure, const QString &error)
{
    // The most telling failure wins: a router without a public address explains a refusal, and
    // a refusal says more than silence (miniupnpd behind CGNAT refuses PCP with "no resources").
    if (int(failure) >= int(m_mapping.failure))
        m_mapping.failure = failure;
    m_mapping.error =
        m_mapping.error.isEmpty() ? error : m_mapping.error + QStringLiteral("; ") + error;
}

void PortMapperWorker::scheduleRenewal()
{
    int interval = m_options.renewIntervalMs;
    if (interval <= 0) {
        interval = m_mapping.leaseSeconds > 0 ? m_mapping.leaseSeconds * 500 : kMaxRenewalMs;
        interval = qBound(1000, interval, kMaxRenewalMs);
    }
    m_renewal.start(interval);
}

void PortMapperWorker::unmap()
{
    m_renewal.stop();
    if (m_mapping.isMapped()) {
        QElapsedTimer clock;
        clock.start();
        bool removed = false;
        QString error;
        if (m_mapping.method == PortMapping::Method::Upnp) {
            removed = m_upnp.deleteMapping(m_mapping.externalPort) == 0;
            error = m_upnp.error();
        } else if (m_mapping.method == PortMapping::Method::Pcp) {
            // The same nonce, lifetime 0 (RFC 6887 §15).
            PcpMessage::Map removal = m_pcpRequest;
            removal.lifetimeSeconds = 0;
            const auto answer = m_pcp.map(removal, m_options.natPmpTimeoutMs);
            removed = answer && answer->result == PcpMessage::Success;
            error = answer ? PcpMessage::describe(answer->result) : m_pcp.error();
        } else {
            removed = m_natPmp.unmap(m_options.port, m_options.natPmpTimeoutMs);
            error = m_natPmp.error();
        }
        if (removed)
            qCInfo(lcNat, "removed TCP %u -> %s:%u via %s in %lld ms", m_options.port,
                   qPrintable(m_mapping.externalAddress.toString()), m_mapping.externalPort,
                   PortMapping::methodName(m_mapping.method), clock.elapsed());
        else
            qCWarning(lcNat, "could not remove TCP %u from the router: %s", m_options.port,
                      qPrintable(error));
    }
    m_mapping = {};
    m_mapping.internalPort = m_options.port;
    report();
}

void PortMapperWorker::report()
{
    Q_EMIT changed(m_mapping);
}

} // namespace watchium::server
