#pragma once

#include <QJsonObject>
#include <QString>

namespace watchium::server {

// A failed function call as the client sees it: an HTTP status, a stable
// machine-readable code and a sentence for people.
struct ApiError
{
    int status = 400;
    QString code;
    QString message;
    int retryAfterSeconds = 0; // set with status 429

    QJsonObject toJson() const
    {
        return {{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    }
};

// What a function returns: `data` on success, `error` otherwise.
struct Outcome
{
    bool ok = true;
    QJsonObject data;
    ApiError error;

    static Outcome success(QJsonObject data) { return {true, std::move(data), {}}; }
    static Outcome failure(int status, QString code, QString message, int retryAfter = 0)
    {
        return {false, {}, {status, std::move(code), std::move(message), retryAfter}};
    }
    static Outcome failure(ApiError error) { return {false, {}, std::move(error)}; }
};

} // namespace watchium::server
