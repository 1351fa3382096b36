#include "http/HttpApi.h"

#include "protocol/ErrorCodes.h"
#include "protocol/Paths.h"

#include "ops/Metrics.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcHttp, "watchium.http")

namespace watchium::server {

namespace {

const QByteArray kJson = QByteArrayLiteral("application/json");

HttpResponse reply(int status, const QByteArray &contentType, const QByteArray &body,
                   int retryAfter = 0)
{
    HttpResponse r;
    r.status = status;
    r.contentType = contentType;
    r.body = body;
    // Browsers running supabase-js call us cross-origin.
    r.headers = {
        {"Access-Control-Allow-Origin", "*"},
        {"Access-Control-Allow-Headers", "authorization, x-client-info, apikey, content-type"},
        {"Access-Control-Allow-Methods", "GET, POST, OPTIONS"}};
    if (retryAfter > 0)
        r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray::number(retryAfter)));
    return r;
}

QByteArray jsonBytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

HttpResponse respondError(const ApiError &e, bool rpc)
{
    // supabase-js reads rpc errors in PostgREST's shape.
    const QJsonObject body = rpc
        ? QJsonObject {{QStringLiteral("code"), e.code},
                       {QStringLiteral("message"), e.message},
                       {QStringLiteral("details"), QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("hint"), QJsonValue(QJsonValue::Null)}}
        : QJsonObject {{QStringLiteral("success"), false}, {QStringLiteral("error"), e.toJson()}};
    return reply(e.status, kJson, jsonBytes(body), e.retryAfterSeconds);
}

QString bearerToken(const HttpRequest &request)
{
    const QByteArray header = request.header("authorization").trimmed();
    if (header.size() > 7 && header.left(7).toLower() == "bearer ")
        return QString::fromLatin1(header.mid(7).trimmed());
    return {};
}

} // namespace

HttpApi::HttpApi(const ServerConfig *config, Metrics *metrics)
    : m_config(config)
    , m_metrics(metrics)
{
}

void HttpApi::addFunction(const QString &name, Function function)
{
    m_functions.insert(name, std::move(function));
}

void HttpApi::addRpc(const QString &name, Function function)
{
    m_rpcs.insert(name, std::move(function));
}

HttpResponse HttpApi::respond(const HttpRequest &request)
{
    m_metrics->httpRequest();
    const QUrl url(QStringLiteral("http://localhost") + QString::fromLatin1(request.target));
    const QString path = url.path();
    // HEAD is GET without the body, which the connection leaves out.
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (request.method == "OPTIONS")
        return reply(204, "text/plain", {});
    if (get && path == QLatin1String("/health"))
        return reply(200, kJson, m_health());
    if (get && path == QLatin1String("/metrics"))
        return reply(200, "text/plain; version=0.0.4", m_metrics->render().toUtf8());

    const QLatin1StringView functionsPrefix = protocol::paths::kFunctionsPrefix;
    const QLatin1StringView rpcPrefix("/rest/v1/rpc/");
    const bool isFunction = path.startsWith(functionsPrefix);
    const bool isRpc = path.startsWith(rpcPrefix);
    const QLatin1StringView broadcastPath("/realtime/v1/api/broadcast");
    // realtime-js httpSend() posts one message to
    // <broadcastPath>/<sub-topic>/events/<event> with its payload as the body:
    // the same as a batch of that one message.
    Function single;
    if (path.startsWith(broadcastPath + QLatin1Char('/')) && m_broadcast) {
        const QStringList parts =
            url.path(QUrl::FullyEncoded).mid(broadcastPath.size() + 1).split(QLatin1Char('/'));
        if (parts.size() == 3 && parts[1] == QLatin1String("events")) {
            const QString topic = QUrl::fromPercentEncoding(parts[0].toUtf8());
            const QString event = QUrl::fromPercentEncoding(parts[2].toUtf8());
            single = [this, topic, event](const QJsonObject &payload, const Caller &caller) {
                const QJsonObject message {{QStringLiteral("topic"), topic},
                                           {QStringLiteral("event"), event},
                                           {QStringLiteral("payload"), payload}};
                return m_broadcast({{QStringLiteral("messages"), QJsonArray {message}}}, caller);
            };
        }
    }
    const bool isBroadcast = path == broadcastPath || single;
    if (!isFunction && !isRpc && !isBroadcast) {
        m_metrics->rejected(QStringLiteral("not_found"));
        return respondError({404, protocol::errors::kNotFound,
                             QStringLiteral("no endpoint at %1").arg(path.left(200))},
                            false);
    }
    // The seeds spell some functions with a slash (rooms/join); they are the
    // same functions as the dashed names.
    QString name = path.mid(isFunction ? functionsPrefix.size() : rpcPrefix.size());
    if (isFunction)
        name.replace(QLatin1Char('/'), QLatin1Char('-'));
    const Function *function = nullptr;
    if (isBroadcast)
        function = single ? &single : &m_broadcast;
    else if (isFunction && m_functions.contains(name))
        function = &m_functions[name];
    else if (isRpc && m_rpcs.contains(name))
        function = &m_rpcs[name];
    if (!function || !*function) {
        m_metrics->rejected(QStringLiteral("not_found"));
        return respondError({404, QStringLiteral("function_not_found"),
                             QStringLiteral("no function named %1").arg(name.left(100))},
                            isRpc);
    }
    const bool listing = name == QLatin1String("rooms-list-public")
        || name.startsWith(QLatin1String("comments-get"))
        || name == QLatin1String("members-get-list") || name == QLatin1String("sync-get-host-time");
    if (request.method != "POST" && !(get && listing)) {
        m_metrics->rejected(QStringLiteral("bad_method"));
        return respondError({405, QStringLiteral("method_not_allowed"),
                             QStringLiteral("use POST with a JSON body")},
                            isRpc);
    }
    return respondFunction(request, url, *function, isRpc);
}

HttpResponse HttpApi::respondFunction(const HttpRequest &request, const QUrl &url,
                                      const Function &function, bool rpc)
{
    const QUrlQuery query(url);
    if (!m_config->anonKey.isEmpty()) {
        const QString key = QString::fromLatin1(request.header("apikey"));
        if (key != m_config->anonKey
            && query.queryItemValue(QStringLiteral("apikey")) != m_config->anonKey) {
            m_metrics->rejected(QStringLiteral("bad_apikey"));
            return respondError(
                {401, QStringLiteral("invalid_apikey"), QStringLiteral("missing or wrong apikey")},
                rpc);
        }
    }
    // The parser has refused bodies over kMaxBodyBytes before they arrived.
    const QByteArray &raw = request.body;
    QJsonObject body;
    if (request.method != "POST") {
        // Query parameters are text; numbers among them are converted so
        // GET and POST validate alike.
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
            bool isNumber = false;
            const double n = value.toDouble(&isNumber);
            body.insert(key, isNumber ? QJsonValue(n) : QJsonValue(value));
        }
    } else if (!raw.trimmed().isEmpty()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(raw, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            m_metrics->rejected(QStringLiteral("bad_json"));
            return respondError({400, QStringLiteral("invalid_json"),
                                 QStringLiteral("the body must be a JSON object")},
                                rpc);
        }
        body = doc.object();
    }
    Caller caller;
    caller.ip = request.remoteAddress;
    const QString bearer = bearerToken(request);
    if (bearer != m_config->anonKey)
        caller.token = bearer;
    if (body.value(QLatin1String("member_token")).isString())
        caller.token = body.value(QLatin1String("member_token")).toString().left(256);

    const Outcome outcome = function(body, caller);
    if (!outcome.ok) {
        m_metrics->rejected(outcome.error.code);
        return respondError(outcome.error, rpc);
    }
    if (rpc)
        return reply(200, kJson, jsonBytes(outcome.data));
    const int status = outcome.data.value(QLatin1String("accepted")).toBool() ? 202 : 200;
    return reply(
        status, kJson,
        jsonBytes({{QStringLiteral("success"), true}, {QStringLiteral("data"), outcome.data}}));
}

HttpResponse HttpApi::refuse(const HttpRequest *head, int status, const QString &code,
                             const QString &message)
{
    // The metric keeps the name it had when Qt's server read whole bodies first.
    m_metrics->rejected(
        code == QLatin1String("payload_too_large") ? QStringLiteral("body_too_large") : code);
    const bool rpc = head && head->path().startsWith("/rest/v1/rpc/");
    return respondError({status, code, message}, rpc);
}

} // namespace watchium::server
