#pragma once

#include "nat/Reachability.h"

#include <QWidget>

class QComboBox;
class QLabel;

namespace watchium::app {

// Under the room's header while the room is served by this computer: who can join with the
// invite (friends on the internet, people on this network, or this computer only), why, and the
// way out (forward a port, or a community server). The host can pick the invite's address by
// hand; the pick is kept for the next rooms. The decision itself is server::Reachability's.
class ReachabilityPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ReachabilityPanel(QWidget *parent = nullptr);

    // This computer's addresses and the server's port; the mapping as it is now.
    void setInput(const server::Reachability::Input &input);
    void setMapping(const server::PortMapping &mapping);
    // The address the user picked ("" for automatic), as if picked in the box.
    void chooseHost(const QString &host);

    server::Reachability reachability() const { return m_reachability; }
    QString headline() const;
    QString details() const;
    QComboBox *addressBox() const { return m_address; }

Q_SIGNALS:
    // Where the invite should point; an empty host: there is no address worth inviting to.
    void addressChanged(const QString &host, quint16 port);

protected:
    void changeEvent(QEvent *event) override;

private:
    void decide();
    void retranslate();
    void fillAddressBox();
    void onAddressEdited();
    QString describe() const;

    server::Reachability::Input m_input;
    server::Reachability m_reachability;
    QLabel *m_headline;
    QLabel *m_details;
    QLabel *m_addressLabel;
    QComboBox *m_address;
};

} // namespace watchium::app
