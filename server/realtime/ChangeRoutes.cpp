#include "realtime/ChangeRoutes.h"

#include <QJsonValue>

namespace watchium::server {

namespace {

bool indexable(const ChangeBinding &b)
{
    return !b.filter.isEmpty() && b.filter.op() == ChangeFilter::Op::Eq;
}

void removeOne(QList<ChangeRoutes::Route> &routes, const ChangeRoutes::Route &route)
{
    const qsizetype i = routes.indexOf(route);
    if (i >= 0)
        routes.removeAt(i);
}

// One spelling per number, so that 3, 3.0 and "3e0" meet, and so do 0 and -0.
QString numberKey(double n)
{
    return QString::number(n == 0 ? 0.0 : n, 'g', 17);
}

} // namespace

QString ChangeRoutes::key(const QJsonValue &value)
{
    if (value.isDouble())
        return numberKey(value.toDouble());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    // Text that reads as a number matches a filter that spells it so (`eq.1.0` finds "1.0"),
    // so it is indexed under the same key as the filter's value.
    return key(value.toString());
}

QString ChangeRoutes::key(const QString &filterValue)
{
    bool isNumber = false;
    const double n = filterValue.toDouble(&isNumber);
    return isNumber && qIsFinite(n) ? numberKey(n) : filterValue;
}

void ChangeRoutes::add(RealtimeConnection *connection, const Channel &channel)
{
    const Route route {connection, channel.topic};
    for (const ChangeBinding &b : channel.bindings) {
        if (indexable(b))
            m_byValue[b.table][b.filter.column()][key(b.filter.value())].append(route);
        else
            m_byTable[b.table].append(route);
    }
}

void ChangeRoutes::remove(RealtimeConnection *connection, const Channel &channel)
{
    const Route route {connection, channel.topic};
    for (const ChangeBinding &b : channel.bindings) {
        if (!indexable(b)) {
            auto it = m_byTable.find(b.table);
            if (it == m_byTable.end())
                continue;
            removeOne(*it, route);
            if (it->isEmpty())
                m_byTable.erase(it);
            continue;
        }
        auto &columns = m_byValue[b.table];
        auto &values = columns[b.filter.column()];
        auto it = values.find(key(b.filter.value()));
        if (it != values.end()) {
            removeOne(*it, route);
            if (it->isEmpty())
                values.erase(it);
        }
        if (values.isEmpty())
            columns.remove(b.filter.column());
        if (columns.isEmpty())
            m_byValue.remove(b.table);
    }
}

QList<ChangeRoutes::Route> ChangeRoutes::candidates(const QString &table,
                                                    const QJsonObject &record) const
{
    QList<Route> found = m_byTable.value(table);
    const auto columns = m_byValue.constFind(table);
    if (columns != m_byValue.cend()) {
        for (auto c = columns->cbegin(); c != columns->cend(); ++c) {
            const QJsonValue value = record.value(c.key());
            if (value.isUndefined() || value.isNull())
                continue;
            found += c->value(key(value));
        }
    }
    // A channel with two bindings that both match is one candidate.
    if (found.size() > 1) {
        QSet<Route> seen;
        found.erase(std::remove_if(found.begin(), found.end(),
                                   [&](const Route &r) {
                                       if (seen.contains(r))
                                           return true;
                                       seen.insert(r);
                                       return false;
                                   }),
                    found.end());
    }
    return found;
}

} // namespace watchium::server
