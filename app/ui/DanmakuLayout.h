#pragma once

#include <QList>
#include <QtGlobal>

namespace watchium::app {

// Where the comments flying over the video are at a video time. Pure: the caller measures each
// comment's width and gives the screen's width and how many lanes (rows) it has.
//
// Every comment crosses the screen right to left in the same time, so a long one moves faster.
// Lanes are given in order of the comments' timestamps, each to the first lane where it neither
// touches the comment before it on entering nor catches it up before that one has left; a comment
// with no lane free waits up to maxDelaySeconds for one, and is dropped after that. Positions
// are a function of the video time only, so a pause freezes them and a seek lands in the same
// picture as playing up to there.
class DanmakuLayout
{
public:
    struct Item
    {
        qint64 id = 0;
        double start = 0.0; // video seconds
        double width = 0.0; // pixels
    };
    struct Settings
    {
        double screenWidth = 0.0;
        int lanes = 0;
        // Share of the lanes comments may use, 0..1: low density leaves the picture freer.
        double density = 1.0;
        double crossSeconds = 8.0;
        double maxDelaySeconds = 2.0;
        double gap = 24.0; // pixels kept between two comments in a lane
    };
    struct Placed
    {
        qint64 id = 0;
        int lane = 0;
        double start = 0.0; // when it enters, after any delay
        double width = 0.0;
    };
    struct Shown
    {
        qint64 id = 0;
        int lane = 0;
        double x = 0.0; // left edge, pixels from the screen's left
    };

    void setSettings(const Settings &settings);
    Settings settings() const { return m_settings; }
    // Replaces every comment, or adds one; both lay the comments out again.
    void setItems(const QList<Item> &items);
    void add(const Item &item);
    void clear();

    // The lanes in use: density's share of the lanes, at least one while there are any.
    int usableLanes() const;
    const QList<Placed> &placed() const { return m_placed; }
    QList<qint64> dropped() const { return m_dropped; }
    QList<Shown> shownAt(double videoSeconds) const;

    // Pixels a second for a comment this wide.
    double speed(double width) const;
    // The earliest entry time at or after `start` at which a `width` comment fits behind `ahead`.
    double earliestBehind(const Placed &ahead, double start, double width) const;

private:
    void relayout();

    Settings m_settings;
    QList<Item> m_items;
    QList<Placed> m_placed; // by entry time
    QList<qint64> m_dropped;
};

} // namespace watchium::app
