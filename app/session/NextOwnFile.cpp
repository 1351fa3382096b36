#include "NextOwnFile.h"

#include "domain/EpisodeFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>

namespace watchium {

QString nextOwnFile(const QString &current, qint64 episode)
{
    const QUrl url(current);
    const QString path = url.isLocalFile() ? url.toLocalFile() : current;
    const QFileInfo file(path);
    if (current.isEmpty() || !file.isAbsolute() || !file.exists())
        return {};
    const QDir folder = file.absoluteDir();
    const QString name = EpisodeFiles::pick(folder.entryList(QDir::Files), episode);
    return name.isEmpty() ? QString() : folder.absoluteFilePath(name);
}

} // namespace watchium
