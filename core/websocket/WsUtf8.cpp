#include "websocket/WsUtf8.h"

#include <cstring>

namespace watchium::ws::utf8 {

namespace {

// RFC 3629 section 4, a row per range of lead bytes. The range allowed for the second byte is
// what excludes overlong forms (E0, F0), UTF-16 surrogates (ED) and code points past U+10FFFF
// (F4); C0, C1 and F5..FF lead nothing.
struct Sequence
{
    uchar leadLow, leadHigh;
    qsizetype length;
    uchar secondLow, secondHigh;
};
constexpr Sequence kSequences[] = {
    {0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF}, {0xE1, 0xEC, 3, 0x80, 0xBF},
    {0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF}, {0xF0, 0xF0, 4, 0x90, 0xBF},
    {0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F},
};

const Sequence *sequenceFor(uchar lead)
{
    for (const Sequence &sequence : kSequences) {
        if (lead >= sequence.leadLow && lead <= sequence.leadHigh)
            return &sequence;
    }
    return nullptr;
}

bool isContinuation(uchar c)
{
    return (c & 0xC0) == 0x80;
}

} // namespace

bool isValid(QByteArrayView bytes)
{
    const auto *s = reinterpret_cast<const uchar *>(bytes.data());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        // Chat and control messages are mostly ASCII: skip it eight bytes at a time.
        if (i + 8 <= n) {
            quint64 word;
            std::memcpy(&word, s + i, sizeof word);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const uchar lead = s[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        const Sequence *sequence = sequenceFor(lead);
        if (!sequence || n - i < sequence->length || s[i + 1] < sequence->secondLow
            || s[i + 1] > sequence->secondHigh)
            return false;
        for (qsizetype k = 2; k < sequence->length; ++k) {
            if (!isContinuation(s[i + k]))
                return false;
        }
        i += sequence->length;
    }
    return true;
}

qsizetype boundedLength(QByteArrayView bytes, qsizetype maxBytes)
{
    if (bytes.size() <= maxBytes)
        return bytes.size();
    qsizetype end = maxBytes;
    // The byte at `end` is the first one dropped: while it continues a sequence, that
    // sequence started inside the kept part and must go too.
    while (end > 0 && isContinuation(uchar(bytes[end])))
        --end;
    return end;
}

} // namespace watchium::ws::utf8
