#include "ServingQuestions.h"

#include <QMessageBox>
#include <QPushButton>

namespace watchium::app {

ServingQuestions ServingQuestions::messageBoxes(QWidget *parent)
{
    ServingQuestions questions;
    questions.onLeave = [parent](int others) {
        QMessageBox box(QMessageBox::Question, tr("Leave the room"),
                        tr("%n other(s) are still watching. Keep serving the room for them in "
                           "the background?",
                           nullptr, others),
                        QMessageBox::NoButton, parent);
        QPushButton *keep = box.addButton(tr("Keep serving"), QMessageBox::AcceptRole);
        QPushButton *close = box.addButton(tr("Close the room"), QMessageBox::DestructiveRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(keep);
        box.exec();
        if (box.clickedButton() == keep)
            return LeaveAnswer::KeepServing;
        if (box.clickedButton() == close)
            return LeaveAnswer::CloseRoom;
        return LeaveAnswer::StayInRoom;
    };
    questions.onQuit = [parent](int others) {
        QMessageBox box(QMessageBox::Question, tr("Quit Watchium"),
                        tr("%n member(s) are watching rooms served by this computer. Quitting "
                           "closes those rooms for them.",
                           nullptr, others),
                        QMessageBox::NoButton, parent);
        QPushButton *quit =
            box.addButton(tr("Quit and close the rooms"), QMessageBox::DestructiveRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        return box.clickedButton() == quit;
    };
    return questions;
}

} // namespace watchium::app
