#pragma once

#include "tls/TlsContext.h"

#include <QString>

#include <memory>

namespace watchium::server {

// The server's certificate and key files (`--tls-cert`, `--tls-key`) and the context loaded from
// them. reload() (on SIGHUP) reads the files again: new connections get the new certificate,
// established ones keep theirs; a new pair that does not load leaves the old one in use.
class TlsCredentials
{
public:
    // Null and `error` set when the files do not load (see TlsContext::fromFiles).
    static std::unique_ptr<TlsCredentials> load(const QString &certificateFile,
                                                const QString &keyFile, QString *error);

    // False, with why in `error`, when the files no longer load; the previous context stays.
    bool reload(QString *error);

    // What new connections use. Shared: a reload only drops this holder's reference.
    std::shared_ptr<const TlsContext> context() const { return m_context; }
    QString certificateFile() const { return m_certificateFile; }
    QString keyFile() const { return m_keyFile; }

private:
    TlsCredentials(QString certificateFile, QString keyFile);

    QString m_certificateFile;
    QString m_keyFile;
    std::shared_ptr<const TlsContext> m_context;
};

} // namespace watchium::server
