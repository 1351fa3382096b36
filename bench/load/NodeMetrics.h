#pragma once

#include <QHash>
#include <QString>
#include <QUrl>

#include <optional>

namespace watchium::bench {

// One reading of a node's /metrics (Prometheus text): every unlabelled sample by name. Blocking
// and bounded: the coordinator reads each node at the window's start and end only.
std::optional<QHash<QString, double>> scrapeMetrics(const QUrl &node, int timeoutMs = 3000);

} // namespace watchium::bench
