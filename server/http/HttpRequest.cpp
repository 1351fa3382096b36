#include "http/HttpRequest.h"

namespace watchium::server {

QByteArray HttpRequest::header(QByteArrayView lowerName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

bool HttpRequest::headerHasToken(QByteArrayView lowerName, QByteArrayView token) const
{
    for (const auto &[name, value] : headers) {
        if (name != lowerName)
            continue;
        for (const QByteArray &item : value.split(',')) {
            if (QByteArrayView(item).trimmed().compare(token, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

QByteArrayView HttpRequest::path() const
{
    const qsizetype mark = target.indexOf('?');
    return mark < 0 ? QByteArrayView(target) : QByteArrayView(target).first(mark);
}

QByteArrayView HttpRequest::query() const
{
    const qsizetype mark = target.indexOf('?');
    return mark < 0 ? QByteArrayView() : QByteArrayView(target).sliced(mark + 1);
}

bool HttpRequest::keepAlive() const
{
    if (minorVersion == 0)
        return headerHasToken("connection", "keep-alive");
    return !headerHasToken("connection", "close");
}

} // namespace watchium::server
