#pragma once

#include <QString>

namespace watchium::test {

// Writes a real media file a player reads its exact length from: a WAV of silence, 8 kHz mono
// 8-bit (8 KB a second), so no encoder is needed. `tone` changes the bytes, not the length.
bool writeWav(const QString &path, double seconds, quint8 tone = 0x80);

} // namespace watchium::test
