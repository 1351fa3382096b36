#pragma once

#include "http/HttpService.h"
#include "rooms/Outcome.h"
#include "rooms/ServiceContext.h"

#include <QHash>

#include <functional>

namespace watchium::server {

class Metrics;

// The HTTP side of the one server port: the seeds' functions at
// /functions/v1/<name>, supabase-js rpc() at /rest/v1/rpc/<fn>, the Realtime
// broadcast fallback, /health and /metrics. Every body is bounded (by the
// connection's parser) and validated; every failure is a JSON error with a
// fitting status. HEAD is answered as GET would be; the connection leaves the
// body out.
class HttpApi : public HttpService
{
public:
    using Function = std::function<Outcome(const QJsonObject &body, const Caller &caller)>;
    using Probe = std::function<QByteArray()>;

    HttpApi(const ServerConfig *config, Metrics *metrics);

    void addFunction(const QString &name, Function function);
    void addRpc(const QString &name, Function function);
    void setBroadcastFallback(Function function) { m_broadcast = std::move(function); }
    void setHealth(Probe probe) { m_health = std::move(probe); }

    static constexpr qsizetype kMaxBodyBytes = 64 * 1024;

    HttpResponse respond(const HttpRequest &request) override;
    HttpResponse refuse(const HttpRequest *head, int status, const QString &code,
                        const QString &message) override;

private:
    HttpResponse respondFunction(const HttpRequest &request, const QUrl &url,
                                 const Function &function, bool rpc);

    const ServerConfig *m_config;
    Metrics *m_metrics;
    QHash<QString, Function> m_functions;
    QHash<QString, Function> m_rpcs;
    Function m_broadcast;
    Probe m_health;
};

} // namespace watchium::server
