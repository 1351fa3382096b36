#pragma once

#include <QtGlobal>

#include <cstring>

namespace watchium::ws {

// XORs `size` bytes of `from` with the 4-byte masking key (RFC 6455 section 5.3) into `to`,
// starting at key byte 0. `to` may equal `from`. Eight bytes at a time: unmasking is the one
// per-byte cost of every frame a client sends.
inline void applyMask(char *to, const char *from, qsizetype size, const uchar key[4])
{
    const uchar pattern[8] = {key[0], key[1], key[2], key[3], key[0], key[1], key[2], key[3]};
    quint64 wideKey;
    std::memcpy(&wideKey, pattern, sizeof wideKey);
    qsizetype i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 word;
        std::memcpy(&word, from + i, sizeof word);
        word ^= wideKey;
        std::memcpy(to + i, &word, sizeof word);
    }
    for (; i < size; ++i)
        to[i] = char(uchar(from[i]) ^ key[i & 3]);
}

} // namespace watchium::ws
