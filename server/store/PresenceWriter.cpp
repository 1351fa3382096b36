#include "store/PresenceWriter.h"

#include "Logging.h"
#include "store/Database.h"
#include "store/MemberStore.h"

#include <QDateTime>
#include <QLoggingCategory>

namespace watchium::server {

namespace {

// A held row is another transaction's for a few milliseconds (a batch of another node, a host
// change): try again after this, up to kMaxAttempts times.
constexpr int kRetryAfterMs = 25;
constexpr int kMaxAttempts = 40;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

PresenceWriter::PresenceWriter(QString databaseUrl)
    : m_url(std::move(databaseUrl))
{
}

PresenceWriter::~PresenceWriter()
{
    stop();
}

bool PresenceWriter::start(QString *error)
{
    return ConnectionThread::start(QStringLiteral("presence-writer"), QThread::NormalPriority,
                                   error);
}

void PresenceWriter::submit(const QList<MemberRecord> &members)
{
    if (members.isEmpty())
        return;
    QMutexLocker lock(&m_mutex);
    for (const MemberRecord &m : members) {
        m_held.remove(m.id);
        m_submitted.insert(m.id, Queued {m, 0});
    }
    m_wake.wakeAll();
}

void PresenceWriter::drain()
{
    QMutexLocker lock(&m_mutex);
    if (!isRunning() || (m_submitted.isEmpty() && !m_inRound))
        return;
    // The round that runs now (if one does) and then, if rows wait, the next, which takes them.
    const quint64 target = m_rounds + (m_inRound ? 1 : 0) + (m_submitted.isEmpty() ? 0 : 1);
    while (m_rounds < target && !m_stopping)
        m_done.wait(&m_mutex);
}

QList<PresenceWriter::Queued> PresenceWriter::takeDue()
{
    QList<Queued> due;
    for (Queued &q : m_submitted)
        due.append(std::move(q));
    if (!m_held.isEmpty() && (m_stopping || nowMs() >= m_heldDue)) {
        for (Queued &q : m_held)
            due.append(std::move(q));
        m_held.clear();
    }
    m_submitted.clear();
    return due;
}

void PresenceWriter::run()
{
    Database db;
    QString error;
    const bool ok = db.open(QString(), m_url, &error);
    opened(ok, error);
    if (!ok)
        return;
    MemberStore store(&db);
    QMutexLocker lock(&m_mutex);
    for (;;) {
        while (!m_stopping && m_submitted.isEmpty() && (m_held.isEmpty() || nowMs() < m_heldDue)) {
            if (m_held.isEmpty())
                m_wake.wait(&m_mutex);
            else
                m_wake.wait(&m_mutex, QDeadlineTimer(m_heldDue - nowMs()));
        }
        const bool lastRound = m_stopping;
        QList<Queued> due = takeDue();
        m_inRound = true;
        lock.unlock();

        QList<MemberRecord> rows;
        rows.reserve(due.size());
        for (const Queued &q : std::as_const(due))
            rows.append(q.member);
        QList<MemberRecord> skipped;
        const bool ok = rows.isEmpty() || store.updatePresence(rows, &skipped);
        // Refused as a whole (the store logged why): every row is tried again, since a member's
        // last state (offline) is not followed by another report.
        const QList<MemberRecord> &again = ok ? skipped : rows;
        QList<Queued> held;
        QHash<qint64, int> attempts;
        for (const Queued &q : std::as_const(due))
            attempts.insert(q.member.id, q.attempts);
        m_written += rows.size() - (ok ? skipped.size() : rows.size());
        for (const MemberRecord &m : again) {
            const int tries = attempts.value(m.id) + 1;
            if (tries < kMaxAttempts && !lastRound) {
                held.append(Queued {m, tries});
                ++m_retried;
            } else {
                ++m_dropped;
            }
        }

        lock.relock();
        for (Queued &q : held) {
            // Submitted again during the round: that newer state goes next, not this one.
            if (!m_submitted.contains(q.member.id))
                m_held.insert(q.member.id, std::move(q));
        }
        if (!held.isEmpty())
            m_heldDue = nowMs() + kRetryAfterMs;
        m_inRound = false;
        ++m_rounds;
        m_done.wakeAll();
        if (lastRound)
            break;
    }
    if (m_dropped.load() > 0)
        qCInfo(lcStore) << "presence writer:" << m_dropped.load()
                        << "rows not written (members gone, or the store refused)";
}

} // namespace watchium::server
