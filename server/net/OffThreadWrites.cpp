#include "net/OffThreadWrites.h"

#include "net/SendThread.h"

#include <algorithm>

namespace watchium::server {

// A batch as the serving thread sees it: beside each job, whom to tell (null once abandoned)
// and the connection kept open for it after its owner went.
struct OwnedBatch : SendBatch
{
    std::vector<OffThreadWrites::Owner *> owners;
    std::vector<std::unique_ptr<ByteStream>> kept;
};

OffThreadWrites::OffThreadWrites(int threads, QObject *parent)
    : QObject(parent)
{
    const int count = std::max(threads, 1);
    m_gathering.resize(count);
    m_threads.reserve(count);
    for (int i = 0; i < count; ++i) {
        m_threads.push_back(std::make_unique<SendThread>([this] {
            QMetaObject::invokeMethod(this, &OffThreadWrites::collect, Qt::QueuedConnection);
        }));
    }
}

OffThreadWrites::~OffThreadWrites()
{
    // Joined before the batches (and the connections they keep) go.
    m_threads.clear();
}

void OffThreadWrites::hand(Owner *owner, int fd, QByteArray bytes)
{
    // By descriptor: a socket keeps its descriptor for life, so it always lands on one thread.
    std::shared_ptr<OwnedBatch> &batch = m_gathering[std::size_t(fd) % m_gathering.size()];
    if (!batch)
        batch = std::make_shared<OwnedBatch>();
    batch->jobs.push_back(SendJob {fd, std::move(bytes)});
    batch->owners.push_back(owner);
    batch->kept.emplace_back();
    ++m_handed;
}

void OffThreadWrites::submit()
{
    for (std::size_t i = 0; i < m_gathering.size(); ++i) {
        if (!m_gathering[i])
            continue;
        m_inFlight.push_back(m_gathering[i]);
        m_threads[i]->post(std::move(m_gathering[i]));
        m_gathering[i] = nullptr;
    }
}

void OffThreadWrites::drain()
{
    submit();
    for (const auto &thread : m_threads)
        thread->waitIdle();
    collect();
}

void OffThreadWrites::abandon(Owner *owner, std::unique_ptr<ByteStream> stream)
{
    // Rare (a socket closing with a write in flight): a search is cheaper than an index. The
    // write may also still be gathering, not yet submitted.
    const auto keepFor = [&](OwnedBatch &batch) {
        const auto it = std::find(batch.owners.begin(), batch.owners.end(), owner);
        if (it == batch.owners.end())
            return false;
        const std::size_t index = std::size_t(it - batch.owners.begin());
        batch.owners[index] = nullptr;
        batch.kept[index] = std::move(stream);
        return true;
    };
    for (const auto &batch : m_gathering) {
        if (batch && keepFor(*batch))
            return;
    }
    for (const auto &batch : m_inFlight) {
        if (keepFor(*batch))
            return;
    }
}

void OffThreadWrites::collect()
{
    for (const auto &thread : m_threads) {
        for (const std::shared_ptr<SendBatch> &done : thread->takeFinished()) {
            const auto batch = std::static_pointer_cast<OwnedBatch>(done);
            for (std::size_t i = 0; i < batch->jobs.size(); ++i) {
                const SendJob &job = batch->jobs[i];
                if (job.error == 0 && job.sent < job.bytes.size())
                    ++m_partial;
                // Read each time: an owner told before may have made a later one go (its
                // abandon() found this batch still in flight and cleared its entry).
                if (Owner *owner = batch->owners[i])
                    owner->written(job.bytes, job.sent, job.error);
            }
            // Only now: until here an owner going away must still find its entry.
            const auto it = std::find(m_inFlight.begin(), m_inFlight.end(), batch);
            if (it != m_inFlight.end())
                m_inFlight.erase(it);
        }
    }
}

} // namespace watchium::server
