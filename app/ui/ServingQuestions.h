#pragma once

#include <QCoreApplication>

#include <functional>

class QWidget;

namespace watchium::app {

// What the window asks before it ends a room that others still watch on this computer's
// server. Message boxes for the user; tests put functions of their own in their place.
struct ServingQuestions
{
    Q_DECLARE_TR_FUNCTIONS(watchium::app::ServingQuestions)

public:
    enum class LeaveAnswer { KeepServing, CloseRoom, StayInRoom };

    // The user leaves a room that `others` members still watch.
    std::function<LeaveAnswer(int others)> onLeave;
    // The window closes while `others` members watch rooms served here: close anyway?
    std::function<bool(int others)> onQuit;

    static ServingQuestions messageBoxes(QWidget *parent);
};

} // namespace watchium::app
