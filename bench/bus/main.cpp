// watchium-bus-bench: how many envelopes a second PostgreSQL's LISTEN/NOTIFY carries between two
// nodes through the server's own ClusterBus, and how late, rate step by rate step, to find where
// it saturates. Prints one JSON object (docs/BENCHMARKS.md).
#include "../load/Histogram.h"
#include "../load/Rounding.h"
#include "BusSender.h"
#include "cluster/ClusterBus.h"
#include "store/Database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <QTimer>

#include <cstdio>

using namespace watchium;
using namespace watchium::bench;

namespace {

struct Options
{
    QString databaseUrl;
    QList<int> rates;
    int seconds = 5;
    int envelopeBytes = 200;
    int tickMs = 10;
    bool single = false;
    bool check = false;
};

// Runs the steps one after another: the sender publishes, the receiver (this thread) counts and
// times what arrives, then waits for the stragglers before the next step.
class Runner : public QObject
{
    Q_OBJECT

public:
    explicit Runner(Options options)
        : m_options(std::move(options))
        , m_sender(m_options.databaseUrl, m_options.envelopeBytes)
    {
        m_sender.moveToThread(&m_thread);
        connect(&m_sender, &BusSender::opened, this, &Runner::onSenderOpened);
        connect(&m_sender, &BusSender::finished, this, &Runner::onStepSent);
        m_drain.setSingleShot(true);
        m_drain.setInterval(20);
        connect(&m_drain, &QTimer::timeout, this, &Runner::checkDrained);
    }

    ~Runner() override
    {
        // A start that failed before the thread ran has nothing there to close (and no loop to
        // run the call).
        if (m_thread.isRunning()) {
            QMetaObject::invokeMethod(&m_sender, &BusSender::close, Qt::BlockingQueuedConnection);
            m_thread.quit();
            m_thread.wait();
        }
        if (m_bus)
            m_bus->stop();
    }

    void start()
    {
        QString error;
        if (!m_db.open(QString(), m_options.databaseUrl, &error)) {
            fail(QStringLiteral("cannot open the database: %1").arg(error));
            return;
        }
        m_bus = std::make_unique<server::ClusterBus>(&m_db);
        connect(m_bus.get(), &server::ClusterBus::envelopeReceived, this,
                [this](const QJsonObject &e) {
                    // A straggler of an earlier step would hide this step's losses.
                    if (e.value(QLatin1String("k")) != QLatin1String("bench")
                        || e.value(QLatin1String("step")).toInt(-1) != m_step)
                        return;
                    ++m_received;
                    m_latency.record(steadyUs() - e.value(QLatin1String("t")).toInteger());
                });
        if (!m_bus->start(&error)) {
            fail(QStringLiteral("cannot listen: %1").arg(error));
            return;
        }
        m_thread.start();
        QMetaObject::invokeMethod(&m_sender, &BusSender::open, Qt::QueuedConnection);
    }

    int exitCode() const { return m_exitCode; }

private:
    void onSenderOpened(bool ok, const QString &error)
    {
        if (!ok) {
            fail(QStringLiteral("the sender cannot open the bus: %1").arg(error));
            return;
        }
        nextStep();
    }

    void nextStep()
    {
        if (m_step >= m_options.rates.size()) {
            finish();
            return;
        }
        m_received = 0;
        m_latency = Histogram();
        const int rate = m_options.rates.at(m_step);
        std::fprintf(stderr, "watchium-bus-bench: %d envelopes/s for %d s\n", rate,
                     m_options.seconds);
        QMetaObject::invokeMethod(&m_sender, [this, rate, step = m_step] {
            m_sender.run(step, rate, m_options.tickMs, m_options.single, m_options.seconds * 1000);
        });
    }

    void onStepSent(qint64 published, qint64 notifies, double seconds)
    {
        m_published = published;
        m_notifies = notifies;
        m_sendSeconds = seconds;
        m_drainClock.start();
        checkDrained();
    }

    void checkDrained()
    {
        // Whatever has not arrived 5 s after the last send is lost (or the queue is that far
        // behind, which for a cluster is the same).
        if (m_received < m_published && m_drainClock.elapsed() < 5000) {
            m_drain.start();
            return;
        }
        const int rate = m_options.rates.at(m_step);
        const QJsonObject latency = m_latency.summaryMs();
        m_steps.append(QJsonObject {
            {QStringLiteral("offered_per_s"), rate},
            {QStringLiteral("published_per_s"), round1(double(m_published) / m_sendSeconds)},
            {QStringLiteral("notifies_per_s"), round1(double(m_notifies) / m_sendSeconds)},
            {QStringLiteral("received"), m_received},
            {QStringLiteral("published"), m_published},
            {QStringLiteral("lost"), m_published - m_received},
            {QStringLiteral("latency_ms"), latency},
            {QStringLiteral("queue_usage_after"), m_bus->queueUsage()},
        });
        if (m_received < m_published)
            m_lost = true;
        ++m_step;
        nextStep();
    }

    void fail(const QString &why)
    {
        std::fprintf(stderr, "watchium-bus-bench: %s\n", qPrintable(why));
        m_exitCode = 2;
        QCoreApplication::exit(m_exitCode);
    }

    void finish()
    {
        const QJsonObject report {
            {QStringLiteral("params"),
             QJsonObject {{QStringLiteral("seconds_per_step"), m_options.seconds},
                          {QStringLiteral("envelope_bytes"), m_options.envelopeBytes},
                          {QStringLiteral("tick_ms"), m_options.tickMs},
                          {QStringLiteral("one_envelope_per_notify"), m_options.single},
                          {QStringLiteral("nproc"), QThread::idealThreadCount()}}},
            {QStringLiteral("steps"), m_steps},
        };
        std::printf("%s", QJsonDocument(report).toJson(QJsonDocument::Indented).constData());
        m_exitCode = m_options.check && m_lost ? 1 : 0;
        QCoreApplication::exit(m_exitCode);
    }

    Options m_options;
    QThread m_thread;
    BusSender m_sender;
    server::Database m_db;
    std::unique_ptr<server::ClusterBus> m_bus;
    QTimer m_drain;
    QElapsedTimer m_drainClock;
    int m_step = 0;
    qint64 m_received = 0;
    qint64 m_published = 0;
    qint64 m_notifies = 0;
    double m_sendSeconds = 1;
    Histogram m_latency;
    QJsonArray m_steps;
    bool m_lost = false;
    int m_exitCode = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("watchium-bus-bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Two cluster nodes' buses on one PostgreSQL database (a sender thread and this one, each "
        "with its own connections): envelopes per second carried and their latency, step by "
        "step; prints one JSON object."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("database"),
         QStringLiteral("postgres://… URL of a database for the bench (its schema is migrated)."),
         QStringLiteral("url")},
        {QStringLiteral("rates"),
         QStringLiteral("Envelopes per second, one step each, comma-separated (default "
                        "1000,2000,5000,10000,20000,50000)."),
         QStringLiteral("list")},
        {QStringLiteral("seconds"), QStringLiteral("Seconds per step (default 5)."),
         QStringLiteral("s")},
        {QStringLiteral("envelope-bytes"),
         QStringLiteral("Filler in each envelope (default 200, a presence envelope's size)."),
         QStringLiteral("n")},
        {QStringLiteral("tick-ms"),
         QStringLiteral("The sender's turn: envelopes due go out together every this many ms "
                        "(default 10)."),
         QStringLiteral("ms")},
        {QStringLiteral("single"),
         QStringLiteral("Each envelope in a NOTIFY of its own (a node whose turns hold one).")},
        {QStringLiteral("check"),
         QStringLiteral("Exit 1 if any envelope did not arrive within 5 s of the step's end.")},
    });
    parser.process(app);
    Options options;
    options.databaseUrl = parser.value(QStringLiteral("database"));
    if (!options.databaseUrl.startsWith(QLatin1String("postgres"))) {
        std::fprintf(stderr, "watchium-bus-bench: --database postgres://… is required\n");
        return 2;
    }
    const QString rates = parser.isSet(QStringLiteral("rates"))
        ? parser.value(QStringLiteral("rates"))
        : QStringLiteral("1000,2000,5000,10000,20000,50000");
    for (const QString &r : rates.split(QLatin1Char(','))) {
        bool ok = false;
        const int rate = r.trimmed().toInt(&ok);
        if (!ok || rate <= 0 || rate > 10'000'000) {
            std::fprintf(stderr, "watchium-bus-bench: not a rate: %s\n", qPrintable(r));
            return 2;
        }
        options.rates.append(rate);
    }
    auto number = [&](const char *name, int fallback, int min, int max) {
        if (!parser.isSet(QLatin1String(name)))
            return fallback;
        bool ok = false;
        const int v = parser.value(QLatin1String(name)).toInt(&ok);
        if (!ok || v < min || v > max) {
            std::fprintf(stderr, "watchium-bus-bench: --%s must be %d..%d\n", name, min, max);
            std::exit(2);
        }
        return v;
    };
    options.seconds = number("seconds", 5, 1, 600);
    options.envelopeBytes = number("envelope-bytes", 200, 0, 100'000);
    options.tickMs = number("tick-ms", 10, 1, 1000);
    options.single = parser.isSet(QStringLiteral("single"));
    options.check = parser.isSet(QStringLiteral("check"));

    Runner runner(options);
    QTimer::singleShot(0, &runner, &Runner::start);
    const int code = app.exec();
    return code ? code : runner.exitCode();
}

#include "main.moc"
