#include "PortMapper.h"

#include "PortMapperWorker.h"

namespace watchium::server {

PortMapper::PortMapper(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_worker(new PortMapperWorker(m_options))
{
    qRegisterMetaType<PortMapping>();
    m_mapping.internalPort = m_options.port;
    m_thread.setObjectName(QStringLiteral("watchium-nat"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &PortMapperWorker::changed, this, [this](const PortMapping &mapping) {
        m_mapping = mapping;
        Q_EMIT mappingChanged(mapping);
    });
    m_thread.start();
}

PortMapper::~PortMapper()
{
    // Blocking: the worker finishes what it is doing (at most one exchange with the router),
    // then removes the mapping. Its report is not delivered any more.
    disconnect(m_worker, nullptr, this, nullptr);
    PortMapperWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->unmap(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void PortMapper::start()
{
    PortMapperWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->map(); }, Qt::QueuedConnection);
}

void PortMapper::stop()
{
    PortMapperWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->unmap(); }, Qt::QueuedConnection);
}

} // namespace watchium::server
