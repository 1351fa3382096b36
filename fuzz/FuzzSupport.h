#pragma once

#include <QByteArrayView>

#include <cstddef>
#include <cstdint>

// What every harness shares. A failed FUZZ_CHECK aborts, which libFuzzer reports as a crash
// together with the input that caused it; unlike Q_ASSERT it is never compiled out, so the
// invariants hold in any build type.
#define FUZZ_CHECK(condition)                                                                      \
    ((condition) ? void(0) : watchium::fuzz::checkFailed(#condition, __FILE__, __LINE__))

namespace watchium::fuzz {

[[noreturn]] void checkFailed(const char *condition, const char *file, int line);

// Reads a harness's options from the front of its input, so that libFuzzer's mutations choose
// the mode, the limits and the split points as well as the bytes themselves. Past the end it
// reads zeros: every input is a valid set of options.
class InputReader
{
public:
    InputReader(const uint8_t *data, size_t size)
        : m_data(reinterpret_cast<const char *>(data), qsizetype(size))
    {
    }

    quint8 byte()
    {
        if (m_data.isEmpty())
            return 0;
        const quint8 b = quint8(m_data.front());
        m_data = m_data.sliced(1);
        return b;
    }
    QByteArrayView bytes(qsizetype count)
    {
        const QByteArrayView out = m_data.first(qMin(count, m_data.size()));
        m_data = m_data.sliced(out.size());
        return out;
    }
    QByteArrayView rest() const { return m_data; }

private:
    QByteArrayView m_data;
};

} // namespace watchium::fuzz
