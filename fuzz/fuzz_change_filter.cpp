// A postgres_changes binding's filter, `<column>=<op>.<value>`, as a client sends it in a
// phx_join. Checked: a parsed filter has a column and re-parses from its own parts; the six
// comparisons agree with each other on string, number and boolean rows (one of lt, eq, gt;
// lte is lt or eq; neq is not eq); and every row an `eq` filter matches is found by the index
// that routes changes (ChangeRoutes::key), since a row the index misses never reaches the
// subscriber.
#include "FuzzSupport.h"

#include "realtime/ChangeFilter.h"
#include "realtime/ChangeRoutes.h"

#include <QJsonObject>
#include <QJsonValue>

using watchium::fuzz::InputReader;
using watchium::server::ChangeFilter;
using watchium::server::ChangeRoutes;
using Op = ChangeFilter::Op;

namespace {

QString opName(Op op)
{
    switch (op) {
    case Op::Eq:
        return QStringLiteral("eq");
    case Op::Neq:
        return QStringLiteral("neq");
    case Op::Lt:
        return QStringLiteral("lt");
    case Op::Lte:
        return QStringLiteral("lte");
    case Op::Gt:
        return QStringLiteral("gt");
    case Op::Gte:
        return QStringLiteral("gte");
    case Op::In:
        return QStringLiteral("in");
    }
    return {};
}

ChangeFilter filterFor(const QString &column, Op op, const QString &value)
{
    const auto f =
        ChangeFilter::parse(column + QLatin1Char('=') + opName(op) + QLatin1Char('.') + value);
    FUZZ_CHECK(f && f->column() == column && f->op() == op && f->value() == value);
    return *f;
}

// The filter with each of the six comparisons, on the same column and value.
struct Comparisons
{
    explicit Comparisons(const ChangeFilter &f)
        : lt(filterFor(f.column(), Op::Lt, f.value()))
        , lte(filterFor(f.column(), Op::Lte, f.value()))
        , eq(filterFor(f.column(), Op::Eq, f.value()))
        , neq(filterFor(f.column(), Op::Neq, f.value()))
        , gt(filterFor(f.column(), Op::Gt, f.value()))
        , gte(filterFor(f.column(), Op::Gte, f.value()))
    {
    }
    ChangeFilter lt, lte, eq, neq, gt, gte;
};

void checkComparisons(const Comparisons &c, const QJsonValue &cell)
{
    const QJsonObject row {{c.eq.column(), cell}};
    const bool lt = c.lt.matches(row);
    const bool eq = c.eq.matches(row);
    const bool gt = c.gt.matches(row);
    FUZZ_CHECK(int(lt) + int(eq) + int(gt) == 1);
    FUZZ_CHECK(c.lte.matches(row) == (lt || eq));
    FUZZ_CHECK(c.gte.matches(row) == (gt || eq));
    FUZZ_CHECK(c.neq.matches(row) == !eq);
    if (eq)
        FUZZ_CHECK(ChangeRoutes::key(cell) == ChangeRoutes::key(c.eq.value()));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    InputReader input(data, size);
    const qint8 number = qint8(input.byte());
    const QString text = QString::fromUtf8(input.rest());
    const auto filter = ChangeFilter::parse(text);
    if (!filter)
        return 0;
    if (text.isEmpty()) {
        FUZZ_CHECK(filter->isEmpty() && filter->matches({}));
        return 0;
    }
    FUZZ_CHECK(!filter->column().isEmpty());
    FUZZ_CHECK(!filter->column().contains(QLatin1Char('=')));
    FUZZ_CHECK(text.startsWith(filter->column() + QLatin1Char('=') + opName(filter->op())
                               + QLatin1Char('.')));
    if (filter->op() == Op::In) {
        FUZZ_CHECK(filter->matches({{filter->column(), filter->value()}}));
        return 0;
    }
    // A row without the column, or with null there, matches nothing.
    FUZZ_CHECK(!filter->matches(QJsonObject {{filter->column(), QJsonValue::Null}}));
    FUZZ_CHECK(!filter->matches({}));
    // Rows as the store writes them: text, numbers (the filter's own and another), booleans.
    const Comparisons comparisons(*filter);
    checkComparisons(comparisons, filter->value());
    bool isNumber = false;
    const double value = filter->value().toDouble(&isNumber);
    if (isNumber && qIsFinite(value)) // JSON has no NaN or infinity
        checkComparisons(comparisons, value);
    checkComparisons(comparisons, number);
    checkComparisons(comparisons, double(number) / 4);
    checkComparisons(comparisons, bool(number & 1));
    return 0;
}
