#pragma once

#include "net/ByteStream.h"

#include <functional>

namespace watchium::server {

// A ByteStream straight on a TCP socket. Owns the descriptor; `onClose` runs when it is closed
// (the listener's count of open connections).
class PlainStream : public ByteStream
{
public:
    explicit PlainStream(int fd, std::function<void()> onClose = {});
    ~PlainStream() override;
    PlainStream(const PlainStream &) = delete;
    PlainStream &operator=(const PlainStream &) = delete;

    void setOnClose(std::function<void()> onClose) { m_onClose = std::move(onClose); }

    int descriptor() const override { return m_fd; }
    int rawWriteDescriptor() const override { return m_fd; }
    QHostAddress peerAddress() const override { return m_peer; }
    qsizetype read(char *buffer, qsizetype size) override;
    qsizetype write(QByteArrayView bytes) override;
    void shutdownWrite() override;
    QString errorString() const override;

protected:
    // Keeps errno for errorString() after a call that returned -1.
    void noteResult(qsizetype result, int error);

private:
    int m_fd;
    int m_lastError = 0;
    QHostAddress m_peer;
    std::function<void()> m_onClose;
};

} // namespace watchium::server
