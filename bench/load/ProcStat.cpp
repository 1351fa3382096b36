#include "ProcStat.h"

#include <QByteArray>
#include <QFile>
#include <QList>

#include <unistd.h>

namespace watchium::bench::procstat {

namespace {
QByteArray readProc(qint64 pid, const char *file)
{
    const QString path = pid > 0 ? QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(file))
                                 : QStringLiteral("/proc/self/%1").arg(QLatin1String(file));
    QFile f(path);
    // /proc files report size 0; read what is there.
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

double rssMib(qint64 pid)
{
    const QByteArray status = readProc(pid, "status");
    const qsizetype at = status.indexOf("VmRSS:");
    if (at < 0)
        return -1;
    const qsizetype end = status.indexOf('\n', at);
    const QByteArray kib = status.mid(at + 6, end - at - 6).trimmed().split(' ').value(0);
    return kib.toDouble() / 1024.0;
}

double cpuSeconds(qint64 pid)
{
    const QByteArray stat = readProc(pid, "stat");
    // The command name may hold spaces; fields are counted after its ')'.
    const qsizetype paren = stat.lastIndexOf(')');
    if (paren < 0)
        return -1;
    const QList<QByteArray> fields = stat.mid(paren + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after ')'.
    if (fields.size() < 13)
        return -1;
    const double ticks = fields.at(11).toDouble() + fields.at(12).toDouble();
    return ticks / double(sysconf(_SC_CLK_TCK));
}

} // namespace watchium::bench::procstat
