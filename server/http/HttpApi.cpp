#include "http/HttpApi.h"

#include "ops/Metrics.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcHttp, "watchium.http")

namespace watchium::server {

namespace {

using Status = QHttpServerResponder::StatusCode;

const QByteArray kJson = QByteArrayLiteral("application/json");

void respond(QHttpServerResponder &r, int status, const QByteArray &contentType,
             const QByteArray &body, int retryAfter = 0)
{
    r.writeStatusLine(Status(status));
    r.writeHeader("Content-Type", contentType);
    r.writeHeader("Content-Length", QByteArray::number(body.size()));
    // Browsers running supabase-js call us cross-origin.
    r.writeHeader("Access-Control-Allow-Origin", "*");
    r.writeHeader("Access-Control-Allow-Headers",
                  "authorization, x-client-info, apikey, content-type");
    r.writeHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    if (retryAfter > 0)
        r.writeHeader("Retry-After", QByteArray::number(retryAfter));
    r.writeBody(body);
}

QByteArray jsonBytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void respondError(QHttpServerResponder &r, const ApiError &e, bool rpc)
{
    // supabase-js reads rpc errors in PostgREST's shape.
    const QJsonObject body = rpc
        ? QJsonObject {{QStringLiteral("code"), e.code},
                       {QStringLiteral("message"), e.message},
                       {QStringLiteral("details"), QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("hint"), QJsonValue(QJsonValue::Null)}}
        : QJsonObject {{QStringLiteral("success"), false}, {QStringLiteral("error"), e.toJson()}};
    respond(r, e.status, kJson, jsonBytes(body), e.retryAfterSeconds);
}

QString bearerToken(const QHttpServerRequest &request)
{
    const QByteArray header = request.value("authorization").trimmed();
    if (header.size() > 7 && header.left(7).toLower() == "bearer ")
        return QString::fromLatin1(header.mid(7).trimmed());
    return {};
}

} // namespace

HttpApi::HttpApi(const ServerConfig *config, Metrics *metrics, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_config(config)
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

bool HttpApi::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Qt 6.4 hands an upgrade to its WebSocket server only when this returns
    // true having written nothing; the Realtime hub then checks the path.
    if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
        return true;
    QHttpServerResponder responder = makeResponder(request, socket);
    m_metrics->httpRequest();
    const QString path = request.url().path();
    const auto method = request.method();
    if (method == QHttpServerRequest::Method::Options) {
        respond(responder, 204, "text/plain", {});
        return true;
    }
    if (method == QHttpServerRequest::Method::Get && path == QLatin1String("/health")) {
        respond(responder, 200, kJson, m_health());
        return true;
    }
    if (method == QHttpServerRequest::Method::Get && path == QLatin1String("/metrics")) {
        respond(responder, 200, "text/plain; version=0.0.4", m_metrics->render().toUtf8());
        return true;
    }

    const QLatin1StringView functionsPrefix("/functions/v1/");
    const QLatin1StringView rpcPrefix("/rest/v1/rpc/");
    const bool isFunction = path.startsWith(functionsPrefix);
    const bool isRpc = path.startsWith(rpcPrefix);
    const bool isBroadcast = path == QLatin1String("/realtime/v1/api/broadcast");
    if (!isFunction && !isRpc && !isBroadcast) {
        m_metrics->rejected(QStringLiteral("not_found"));
        respondError(responder,
                     {404, QStringLiteral("not_found"),
                      QStringLiteral("no endpoint at %1").arg(path.left(200))},
                     false);
        return true;
    }
    // The seeds spell some functions with a slash (rooms/join); they are the
    // same functions as the dashed names.
    QString name = path.mid(isFunction ? functionsPrefix.size() : rpcPrefix.size());
    if (isFunction)
        name.replace(QLatin1Char('/'), QLatin1Char('-'));
    const Function *function = nullptr;
    if (isBroadcast)
        function = &m_broadcast;
    else if (isFunction && m_functions.contains(name))
        function = &m_functions[name];
    else if (isRpc && m_rpcs.contains(name))
        function = &m_rpcs[name];
    if (!function || !*function) {
        m_metrics->rejected(QStringLiteral("not_found"));
        respondError(responder,
                     {404, QStringLiteral("function_not_found"),
                      QStringLiteral("no function named %1").arg(name.left(100))},
                     isRpc);
        return true;
    }
    const bool listing = name == QLatin1String("rooms-list-public")
        || name.startsWith(QLatin1String("comments-get"))
        || name == QLatin1String("members-get-list") || name == QLatin1String("sync-get-host-time");
    if (method != QHttpServerRequest::Method::Post
        && !(method == QHttpServerRequest::Method::Get && listing)) {
        m_metrics->rejected(QStringLiteral("bad_method"));
        respondError(responder,
                     {405, QStringLiteral("method_not_allowed"),
                      QStringLiteral("use POST with a JSON body")},
                     isRpc);
        return true;
    }
    respondFunction(responder, request, *function, isRpc);
    return true;
}

void HttpApi::respondFunction(QHttpServerResponder &responder, const QHttpServerRequest &request,
                              const Function &function, bool rpc)
{
    if (!m_config->anonKey.isEmpty()) {
        const QString key = QString::fromLatin1(request.value("apikey"));
        if (key != m_config->anonKey
            && request.query().queryItemValue(QStringLiteral("apikey")) != m_config->anonKey) {
            m_metrics->rejected(QStringLiteral("bad_apikey"));
            respondError(
                responder,
                {401, QStringLiteral("invalid_apikey"), QStringLiteral("missing or wrong apikey")},
                rpc);
            return;
        }
    }
    const QByteArray raw = request.body();
    if (raw.size() > kMaxBodyBytes
        || request.value("content-length").toLongLong() > kMaxBodyBytes) {
        m_metrics->rejected(QStringLiteral("body_too_large"));
        respondError(responder,
                     {413, QStringLiteral("payload_too_large"),
                      QStringLiteral("request bodies are limited to 64 KiB")},
                     rpc);
        return;
    }
    QJsonObject body;
    if (request.method() == QHttpServerRequest::Method::Get) {
        // Query parameters are text; numbers among them are converted so
        // GET and POST validate alike.
        for (const auto &[key, value] : request.query().queryItems(QUrl::FullyDecoded)) {
            bool isNumber = false;
            const double n = value.toDouble(&isNumber);
            body.insert(key, isNumber ? QJsonValue(n) : QJsonValue(value));
        }
    } else if (!raw.trimmed().isEmpty()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(raw, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            m_metrics->rejected(QStringLiteral("bad_json"));
            respondError(responder,
                         {400, QStringLiteral("invalid_json"),
                          QStringLiteral("the body must be a JSON object")},
                         rpc);
            return;
        }
        body = doc.object();
    }
    Caller caller;
    caller.ip = request.remoteAddress().toString();
    const QString bearer = bearerToken(request);
    if (bearer != m_config->anonKey)
        caller.token = bearer;
    if (body.value(QLatin1String("member_token")).isString())
        caller.token = body.value(QLatin1String("member_token")).toString().left(256);

    const Outcome outcome = function(body, caller);
    if (!outcome.ok) {
        m_metrics->rejected(outcome.error.code);
        respondError(responder, outcome.error, rpc);
        return;
    }
    if (rpc) {
        respond(responder, 200, kJson, jsonBytes(outcome.data));
        return;
    }
    const int status = outcome.data.value(QLatin1String("accepted")).toBool() ? 202 : 200;
    respond(responder, status, kJson,
            jsonBytes({{QStringLiteral("success"), true}, {QStringLiteral("data"), outcome.data}}));
}

void HttpApi::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    respondError(responder, {404, QStringLiteral("not_found"), QStringLiteral("not found")}, false);
}

} // namespace watchium::server
