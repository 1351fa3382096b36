#include "realtime/ChangeFilter.h"

#include <QHash>
#include <QJsonValue>

namespace watchium::server {

namespace {

QString asText(const QJsonValue &v)
{
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    return v.toString();
}

// Compares numerically when both sides are numbers, as Postgres would for
// numeric columns; as text otherwise. "nan" and "inf" parse as doubles but are
// not numbers a row holds: compared as numbers, NaN would equal every number.
int compare(const QJsonValue &v, const QString &value)
{
    bool ok = false;
    const double rhs = value.toDouble(&ok);
    if (v.isDouble() && ok && qIsFinite(rhs))
        return v.toDouble() < rhs ? -1 : (v.toDouble() > rhs ? 1 : 0);
    return asText(v).compare(value);
}

} // namespace

std::optional<ChangeFilter> ChangeFilter::parse(const QString &text)
{
    ChangeFilter f;
    if (text.isEmpty())
        return f;
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    const qsizetype dot = text.indexOf(QLatin1Char('.'), eq + 1);
    if (eq <= 0 || dot < 0)
        return std::nullopt;
    static const QHash<QString, Op> kOps {
        {QStringLiteral("eq"), Op::Eq}, {QStringLiteral("neq"), Op::Neq},
        {QStringLiteral("lt"), Op::Lt}, {QStringLiteral("lte"), Op::Lte},
        {QStringLiteral("gt"), Op::Gt}, {QStringLiteral("gte"), Op::Gte},
        {QStringLiteral("in"), Op::In}};
    const QString op = text.mid(eq + 1, dot - eq - 1);
    if (!kOps.contains(op))
        return std::nullopt;
    f.m_column = text.left(eq);
    f.m_op = kOps.value(op);
    const QString value = text.mid(dot + 1);
    if (f.m_op == Op::In) {
        if (!value.startsWith(QLatin1Char('(')) || !value.endsWith(QLatin1Char(')')))
            return std::nullopt;
        for (const QString &item : value.mid(1, value.size() - 2).split(QLatin1Char(',')))
            f.m_values << item.trimmed().remove(QLatin1Char('"'));
    } else {
        f.m_values << value;
    }
    return f;
}

bool ChangeFilter::matches(const QJsonObject &record) const
{
    if (isEmpty())
        return true;
    const QJsonValue v = record.value(m_column);
    if (v.isUndefined() || v.isNull())
        return false;
    switch (m_op) {
    case Op::Eq:
        return compare(v, m_values.first()) == 0;
    case Op::Neq:
        return compare(v, m_values.first()) != 0;
    case Op::Lt:
        return compare(v, m_values.first()) < 0;
    case Op::Lte:
        return compare(v, m_values.first()) <= 0;
    case Op::Gt:
        return compare(v, m_values.first()) > 0;
    case Op::Gte:
        return compare(v, m_values.first()) >= 0;
    case Op::In:
        for (const QString &candidate : m_values) {
            if (compare(v, candidate) == 0)
                return true;
        }
        return false;
    }
    return false;
}

} // namespace watchium::server
