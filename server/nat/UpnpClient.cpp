#include "UpnpClient.h"

#include <miniupnpc/miniupnpc.h>
#include <miniupnpc/upnpcommands.h>
#include <miniupnpc/upnperrors.h>

namespace watchium::server {

namespace {

const char kTcp[] = "TCP";

QByteArray number(int value)
{
    return QByteArray::number(value);
}

} // namespace

struct UpnpClient::Igd
{
    UPNPUrls urls {};
    IGDdatas data {};
    bool valid = false;

    ~Igd()
    {
        if (valid)
            FreeUPNPUrls(&urls);
    }
    const char *control() const { return urls.controlURL; }
    const char *service() const { return data.first.servicetype; }
};

UpnpClient::UpnpClient() = default;
UpnpClient::~UpnpClient() = default;

bool UpnpClient::discover(int timeoutMs)
{
    m_igd.reset();
    m_connected = false;
    m_lanAddress.clear();
    int error = 0;
    // Port 0: any source port; TTL 2, as miniupnpc's own client: one router hop at most.
    UPNPDev *devices = upnpDiscover(qMax(100, timeoutMs), nullptr, nullptr, 0, 0, 2, &error);
    if (!devices) {
        m_error = QStringLiteral("no UPnP device answered (discovery error %1)").arg(error);
        return false;
    }
    auto igd = std::make_unique<Igd>();
    char lan[64] = {};
#if MINIUPNPC_API_VERSION >= 18
    // 1: connected IGD, 2: connected but with a reserved WAN address (behind another NAT: a
    // mapping there reaches no one on the internet), 3: an IGD whose WAN side is down, 4:
    // another UPnP device.
    char wan[64] = {};
    const int found =
        UPNP_GetValidIGD(devices, &igd->urls, &igd->data, lan, sizeof lan, wan, sizeof wan);
    const bool isIgd = found >= 1 && found <= 3;
    m_connected = found == 1;
#else
    // 1: connected IGD, 2: an IGD whose WAN side is down, 3: another UPnP device.
    const int found = UPNP_GetValidIGD(devices, &igd->urls, &igd->data, lan, sizeof lan);
    const bool isIgd = found == 1 || found == 2;
    m_connected = found == 1;
#endif
    freeUPNPDevlist(devices);
    igd->valid = found != 0;
    if (!isIgd) {
        m_connected = false;
        m_error = QStringLiteral("no Internet Gateway Device among the UPnP devices");
        return false;
    }
    m_lanAddress = QHostAddress(QString::fromLatin1(lan));
    m_igd = std::move(igd);
    m_error.clear();
    return true;
}

bool UpnpClient::hasGateway() const
{
    return m_igd != nullptr;
}

QHostAddress UpnpClient::externalAddress()
{
    if (!m_igd)
        return {};
    char address[64] = {};
    const int code = UPNP_GetExternalIPAddress(m_igd->control(), m_igd->service(), address);
    if (code != UPNPCOMMAND_SUCCESS) {
        m_error = errorText(code);
        return {};
    }
    return QHostAddress(QString::fromLatin1(address));
}

int UpnpClient::addMapping(quint16 externalPort, quint16 internalPort, const QHostAddress &internal,
                           const QString &description, int leaseSeconds)
{
    if (!m_igd)
        return UPNPCOMMAND_INVALID_ARGS;
    const int code = UPNP_AddPortMapping(
        m_igd->control(), m_igd->service(), number(externalPort).constData(),
        number(internalPort).constData(), internal.toString().toLatin1().constData(),
        description.toUtf8().constData(), kTcp, nullptr, number(leaseSeconds).constData());
    if (code != UPNPCOMMAND_SUCCESS)
        m_error = errorText(code);
    return code;
}

int UpnpClient::addAnyMapping(quint16 wanted, quint16 internalPort, const QHostAddress &internal,
                              const QString &description, int leaseSeconds, quint16 *granted)
{
    if (!m_igd)
        return UPNPCOMMAND_INVALID_ARGS;
    char reserved[8] = {};
    const int code = UPNP_AddAnyPortMapping(
        m_igd->control(), m_igd->service(), number(wanted).constData(),
        number(internalPort).constData(), internal.toString().toLatin1().constData(),
        description.toUtf8().constData(), kTcp, nullptr, number(leaseSeconds).constData(),
        reserved);
    if (code != UPNPCOMMAND_SUCCESS) {
        m_error = errorText(code);
        return code;
    }
    bool ok = false;
    const uint port = QByteArray(reserved).toUInt(&ok);
    if (!ok || port == 0 || port > 65535) {
        m_error = QStringLiteral("the router granted no usable port");
        return UPNPCOMMAND_UNKNOWN_ERROR;
    }
    *granted = quint16(port);
    return code;
}

int UpnpClient::deleteMapping(quint16 externalPort)
{
    if (!m_igd)
        return UPNPCOMMAND_INVALID_ARGS;
    const int code = UPNP_DeletePortMapping(m_igd->control(), m_igd->service(),
                                            number(externalPort).constData(), kTcp, nullptr);
    if (code != UPNPCOMMAND_SUCCESS)
        m_error = errorText(code);
    return code;
}

std::optional<UpnpClient::Entry> UpnpClient::entry(quint16 externalPort, int *code)
{
    int result = UPNPCOMMAND_INVALID_ARGS;
    std::optional<Entry> found;
    if (m_igd) {
        // Buffer sizes as miniupnpc documents them.
        char client[40] = {}, port[6] = {}, desc[80] = {}, enabled[4] = {}, lease[16] = {};
        result = UPNP_GetSpecificPortMappingEntry(m_igd->control(), m_igd->service(),
                                                  number(externalPort).constData(), kTcp, nullptr,
                                                  client, port, desc, enabled, lease);
        if (result == UPNPCOMMAND_SUCCESS) {
            Entry e;
            e.internalAddress = QHostAddress(QString::fromLatin1(client));
            e.internalPort = quint16(QByteArray(port).toUInt());
            e.description = QString::fromUtf8(desc);
            e.leaseSeconds = QByteArray(lease).toInt();
            found = e;
        }
    }
    if (code)
        *code = result;
    return found;
}

QString UpnpClient::errorText(int code)
{
    const char *text = strupnperror(code);
    return text ? QStringLiteral("%1 (%2)").arg(QString::fromLatin1(text)).arg(code)
                : QStringLiteral("UPnP error %1").arg(code);
}

} // namespace watchium::server
