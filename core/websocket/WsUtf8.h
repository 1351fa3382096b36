#pragma once

#include <QByteArrayView>

namespace watchium::ws::utf8 {

// Strict UTF-8 (RFC 3629) as RFC 6455 demands of text messages and close reasons: no overlong
// forms, no UTF-16 surrogates, nothing above U+10FFFF, no truncated sequence at the end.
// QUtf8StringView cannot say this without decoding, and decoding costs an allocation.
bool isValid(QByteArrayView bytes);

// The longest prefix of `bytes` of at most `maxBytes` that does not cut a multi-byte
// sequence in two (assuming `bytes` is valid UTF-8).
qsizetype boundedLength(QByteArrayView bytes, qsizetype maxBytes);

} // namespace watchium::ws::utf8
