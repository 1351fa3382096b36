#pragma once

#include <QRandomGenerator>
#include <QString>

namespace watchium {

// Makes room IDs, private-room access keys and member tokens from a random
// source the caller owns (the system CSPRNG in production, a seeded one in tests).
class KeyGenerator
{
public:
    explicit KeyGenerator(QRandomGenerator *random);

    static constexpr int kRoomIdLength = 10;
    static constexpr int kAccessKeyLength = 6;

    // 10 characters of [a-z0-9]: about 52 bits, short enough to read aloud.
    QString roomId();
    // 6 decimal digits, uniform over 000000..999999.
    QString accessKey();
    // 256 random bits, base64url without padding: a bearer secret.
    QString memberToken();

private:
    QRandomGenerator *m_random;
};

} // namespace watchium
