#include "domain/EpisodeFiles.h"

#include <QRegularExpression>

#include <algorithm>

namespace watchium {

namespace {

using Re = QRegularExpression;

std::optional<qint64> firstNumber(const Re &re, const QString &text, bool last = false)
{
    std::optional<qint64> found;
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        found = m.captured(1).toLongLong();
        if (!last)
            break;
    }
    return found;
}

bool isYear(const QString &digits)
{
    return digits.size() == 4
        && (digits.startsWith(QLatin1String("19")) || digits.startsWith(QLatin1String("20")));
}

} // namespace

bool EpisodeFiles::isVideo(const QString &fileName)
{
    static const QStringList kExtensions {
        QStringLiteral("mkv"),  QStringLiteral("mp4"),  QStringLiteral("m4v"),
        QStringLiteral("avi"),  QStringLiteral("webm"), QStringLiteral("mov"),
        QStringLiteral("wmv"),  QStringLiteral("flv"),  QStringLiteral("ts"),
        QStringLiteral("m2ts"), QStringLiteral("ogv"),  QStringLiteral("mpg"),
        QStringLiteral("mpeg"), QStringLiteral("y4m")};
    const int dot = int(fileName.lastIndexOf(QLatin1Char('.')));
    return dot > 0 && kExtensions.contains(fileName.mid(dot + 1).toLower());
}

std::optional<qint64> EpisodeFiles::episodeOf(const QString &fileName)
{
    static const Re kExtension(QStringLiteral("\\.[A-Za-z0-9]{2,4}$"));
    // Group, resolution, CRC and codec usually sit in brackets: read the rest first.
    static const Re kBrackets(QStringLiteral("\\[[^\\]]*\\]|\\([^)]*\\)|\\{[^}]*\\}"));
    static const Re kSeasonEpisode(QStringLiteral("\\bS\\d{1,2}\\s*E(\\d{1,4})"),
                                   Re::CaseInsensitiveOption);
    static const Re kCross(QStringLiteral("\\b\\d{1,2}x(\\d{2,3})\\b"), Re::CaseInsensitiveOption);
    static const Re kWord(QStringLiteral("\\b(?:episode|ep|e)[\\s#-]*(\\d{1,4})(?:v\\d+)?\\b"),
                          Re::CaseInsensitiveOption);
    static const Re kJapanese(QStringLiteral("(\\d{1,4})\\s*話"));
    static const Re kDash(QStringLiteral("\\s-\\s+(\\d{1,4})(?:v\\d+)?\\b"));
    static const Re kBare(QStringLiteral("\\b(\\d{1,4})(?:v\\d+)?\\b"));
    static const Re kBracketedNumber(QStringLiteral("[\\[(]\\s*(\\d{1,3})(?:v\\d+)?\\s*[\\])]"));

    QString name = fileName;
    name.remove(kExtension);
    QString text = name;
    text.remove(kBrackets);
    // Scene names separate words with dots or underscores.
    text.replace(QLatin1Char('.'), QLatin1Char(' ')).replace(QLatin1Char('_'), QLatin1Char(' '));

    for (const Re *re : {&kSeasonEpisode, &kCross, &kWord, &kJapanese}) {
        if (auto n = firstNumber(*re, text))
            return n;
    }
    if (auto n = firstNumber(kDash, text, true))
        return n;
    // The last plain number that is not a year: "Mob Psycho 100 05", "2019 05".
    std::optional<qint64> bare;
    for (auto it = kBare.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        if (!isYear(m.captured(1)))
            bare = m.captured(1).toLongLong();
    }
    if (bare)
        return bare;
    // Only then a number alone in brackets: "Show [05] [1080p]".
    return firstNumber(kBracketedNumber, name);
}

QString EpisodeFiles::pick(const QStringList &fileNames, qint64 episode)
{
    QStringList matches;
    for (const QString &name : fileNames) {
        if (isVideo(name) && episodeOf(name) == episode)
            matches.append(name);
    }
    if (matches.isEmpty())
        return {};
    std::sort(matches.begin(), matches.end(), [](const QString &a, const QString &b) {
        return a.compare(b, Qt::CaseInsensitive) < 0;
    });
    return matches.constFirst();
}

} // namespace watchium
