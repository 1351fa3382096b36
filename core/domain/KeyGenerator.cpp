#include "domain/KeyGenerator.h"

#include <QByteArray>

namespace watchium {

namespace {
constexpr QLatin1StringView kRoomAlphabet{"abcdefghijklmnopqrstuvwxyz0123456789"};
}

KeyGenerator::KeyGenerator(QRandomGenerator *random)
    : m_random(random)
{
}

QString KeyGenerator::roomId()
{
    QString id(kRoomIdLength, Qt::Uninitialized);
    for (QChar &c : id)
        c = kRoomAlphabet.at(m_random->bounded(int(kRoomAlphabet.size())));
    return id;
}

QString KeyGenerator::accessKey()
{
    return QStringLiteral("%1").arg(m_random->bounded(1000000), kAccessKeyLength, 10,
                                    QLatin1Char('0'));
}

QString KeyGenerator::memberToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    m_random->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return QString::fromLatin1(
            bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace watchium
