#pragma once

#include "PortMapperOptions.h"
#include "PortMapping.h"

#include <QObject>
#include <QThread>

namespace watchium::server {

class PortMapperWorker;

// Keeps the server's TCP port mapped on the router while it runs: UPnP-IGD first, then PCP, or
// NAT-PMP on a gateway that does not speak PCP; renews the lease and removes the mapping on stop()
// and on destruction. The router is asked on a thread of its own, since every miniupnpc, PCP and
// libnatpmp call blocks; this object lives on its owner's thread and reports there.
class PortMapper : public QObject
{
    Q_OBJECT

public:
    using Options = PortMapperOptions;

    explicit PortMapper(Options options, QObject *parent = nullptr);
    // Removes the mapping, waiting for the router's answer (bounded by the options' timeouts):
    // a mapping must not outlive the server, also when the process is quitting.
    ~PortMapper() override;

    // Asks the router; mappingChanged() reports Pending, then Mapped or Failed.
    void start();
    // Removes the mapping; mappingChanged() reports Off once the router answered.
    void stop();
    PortMapping mapping() const { return m_mapping; }
    const Options &options() const { return m_options; }

Q_SIGNALS:
    void mappingChanged(const watchium::server::PortMapping &mapping);

private:
    Options m_options;
    QThread m_thread;
    PortMapperWorker *m_worker;
    PortMapping m_mapping;
};

} // namespace watchium::server
