#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace watchium::server {

// A postgres_changes binding's row filter, `<column>=<op>.<value>`, as
// PostgREST spells it (eq, neq, lt, lte, gt, gte, in.(a,b)). Pure.
class ChangeFilter
{
public:
    enum class Op { Eq, Neq, Lt, Lte, Gt, Gte, In };

    // Empty text is "no filter" and matches every row.
    static std::optional<ChangeFilter> parse(const QString &text);

    bool matches(const QJsonObject &record) const;
    bool isEmpty() const { return m_column.isEmpty(); }
    QString column() const { return m_column; }
    Op op() const { return m_op; }
    QString value() const { return m_values.value(0); }

private:
    QString m_column;
    Op m_op = Op::Eq;
    QStringList m_values;
};

} // namespace watchium::server
