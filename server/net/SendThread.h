#pragma once

#include <QByteArray>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

class QThread;

namespace watchium::server {

// One socket's bytes to write, and what became of them.
struct SendJob
{
    int fd = -1;
    QByteArray bytes;
    qsizetype sent = 0; // taken by the kernel
    int error = 0; // errno when the connection broke
};

// The writes of one turn for one thread; the serving thread keeps what else it needs beside them
// in a class of its own.
struct SendBatch
{
    virtual ~SendBatch() = default;
    std::vector<SendJob> jobs;
};

// A thread that writes batches of bytes to non-blocking sockets, in the order they come, as
// much of each as the kernel takes at once, and hands the batches back.
class SendThread
{
public:
    // `finished` runs on this thread when a batch is done and none was waiting to be taken.
    explicit SendThread(std::function<void()> finished);
    ~SendThread();
    SendThread(const SendThread &) = delete;
    SendThread &operator=(const SendThread &) = delete;

    void post(std::shared_ptr<SendBatch> batch);
    // Returns once every batch posted so far is written (and waits in takeFinished()).
    void waitIdle();
    std::vector<std::shared_ptr<SendBatch>> takeFinished();

private:
    void run();

    std::function<void()> m_finished;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<std::shared_ptr<SendBatch>> m_todo;
    std::vector<std::shared_ptr<SendBatch>> m_done;
    bool m_stop = false;
    bool m_busy = false; // a batch is being written
    std::unique_ptr<QThread> m_thread;
};

} // namespace watchium::server
