#include "DanmakuLayout.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace watchium::app {

void DanmakuLayout::setSettings(const Settings &settings)
{
    m_settings = settings;
    relayout();
}

void DanmakuLayout::setItems(const QList<Item> &items)
{
    m_items = items;
    relayout();
}

void DanmakuLayout::add(const Item &item)
{
    m_items.append(item);
    relayout();
}

void DanmakuLayout::clear()
{
    m_items.clear();
    relayout();
}

int DanmakuLayout::usableLanes() const
{
    if (m_settings.lanes <= 0)
        return 0;
    const double share = std::clamp(m_settings.density, 0.0, 1.0);
    return std::max(1, int(std::floor(m_settings.lanes * share + 1e-9)));
}

double DanmakuLayout::speed(double width) const
{
    return (m_settings.screenWidth + width) / m_settings.crossSeconds;
}

double DanmakuLayout::earliestBehind(const Placed &ahead, double start, double width) const
{
    // Both move at constant speeds, so the gap between them changes linearly: it is enough that
    // it holds when the new one enters and when the one ahead leaves at the left edge.
    const double entering = ahead.start + (ahead.width + m_settings.gap) / speed(ahead.width);
    const double leaving = ahead.start + m_settings.crossSeconds
        - (m_settings.screenWidth - m_settings.gap) / speed(width);
    return std::max({start, entering, leaving});
}

void DanmakuLayout::relayout()
{
    m_placed.clear();
    m_dropped.clear();
    const int lanes = usableLanes();
    if (lanes == 0 || m_settings.screenWidth <= 0 || m_settings.crossSeconds <= 0) {
        for (const Item &item : std::as_const(m_items))
            m_dropped.append(item.id);
        return;
    }
    QList<Item> items = m_items;
    std::stable_sort(items.begin(), items.end(), [](const Item &a, const Item &b) {
        return a.start < b.start || (a.start == b.start && a.id < b.id);
    });
    QList<int> last(lanes, -1); // index in m_placed of each lane's newest comment
    for (const Item &item : std::as_const(items)) {
        int bestLane = -1;
        double bestStart = std::numeric_limits<double>::infinity();
        for (int lane = 0; lane < lanes; ++lane) {
            const double start = last[lane] < 0
                ? item.start
                : earliestBehind(m_placed[last[lane]], item.start, item.width);
            if (start < bestStart - 1e-9) {
                bestStart = start;
                bestLane = lane;
            }
        }
        if (bestStart - item.start > m_settings.maxDelaySeconds + 1e-9) {
            m_dropped.append(item.id);
            continue;
        }
        last[bestLane] = int(m_placed.size());
        m_placed.append({item.id, bestLane, bestStart, item.width});
    }
    std::stable_sort(m_placed.begin(), m_placed.end(),
                     [](const Placed &a, const Placed &b) { return a.start < b.start; });
}

QList<DanmakuLayout::Shown> DanmakuLayout::shownAt(double videoSeconds) const
{
    QList<Shown> shown;
    // Entry times are sorted: skip those that left before, stop at those not yet in.
    const double earliest = videoSeconds - m_settings.crossSeconds;
    auto it = std::lower_bound(m_placed.cbegin(), m_placed.cend(), earliest,
                               [](const Placed &p, double t) { return p.start < t; });
    for (; it != m_placed.cend() && it->start <= videoSeconds; ++it) {
        const double x = m_settings.screenWidth - (videoSeconds - it->start) * speed(it->width);
        if (x + it->width > 0)
            shown.append({it->id, it->lane, x});
    }
    return shown;
}

} // namespace watchium::app
