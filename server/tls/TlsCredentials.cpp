#include "tls/TlsCredentials.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcServerTls, "watchium.server.tls")

namespace watchium::server {

TlsCredentials::TlsCredentials(QString certificateFile, QString keyFile)
    : m_certificateFile(std::move(certificateFile))
    , m_keyFile(std::move(keyFile))
{
}

std::unique_ptr<TlsCredentials> TlsCredentials::load(const QString &certificateFile,
                                                     const QString &keyFile, QString *error)
{
    std::unique_ptr<TlsCredentials> credentials(new TlsCredentials(certificateFile, keyFile));
    if (!credentials->reload(error))
        return nullptr;
    return credentials;
}

bool TlsCredentials::reload(QString *error)
{
    std::unique_ptr<TlsContext> fresh = TlsContext::fromFiles(m_certificateFile, m_keyFile, error);
    if (!fresh) {
        if (m_context)
            qCWarning(lcServerTls).noquote()
                << "certificate not reloaded, the previous one stays:" << *error;
        return false;
    }
    qCInfo(lcServerTls).noquote() << "certificate" << m_certificateFile << "loaded, SHA-256"
                                  << fresh->sha256().toHex(':') << "valid until"
                                  << fresh->notAfter().toString(Qt::ISODate);
    m_context = std::move(fresh);
    return true;
}

} // namespace watchium::server
