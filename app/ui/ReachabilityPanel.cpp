#include "ReachabilityPanel.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace watchium::app {

namespace {

using Kind = server::Reachability::Kind;
using Reason = server::Reachability::Reason;

const QString kChosenHostKey = QStringLiteral("hosting/invite_host");

} // namespace

ReachabilityPanel::ReachabilityPanel(QWidget *parent)
    : QWidget(parent)
    , m_headline(new QLabel(this))
    , m_details(new QLabel(this))
    , m_addressLabel(new QLabel(this))
    , m_address(new QComboBox(this))
{
    setObjectName(QStringLiteral("reachabilityPanel"));
    m_headline->setTextFormat(Qt::PlainText);
    QFont bold = m_headline->font();
    bold.setBold(true);
    m_headline->setFont(bold);
    // Addresses and router messages are not markup.
    m_details->setTextFormat(Qt::PlainText);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_address->setEditable(true);
    m_address->setInsertPolicy(QComboBox::NoInsert);
    m_address->setMinimumContentsLength(22);
    m_addressLabel->setBuddy(m_address);
    m_input.chosenHost = QSettings().value(kChosenHostKey).toString();
    connect(m_address, &QComboBox::activated, this, &ReachabilityPanel::onAddressEdited);
    connect(m_address->lineEdit(), &QLineEdit::editingFinished, this,
            &ReachabilityPanel::onAddressEdited);

    auto *text = new QVBoxLayout;
    text->setSpacing(2);
    text->addWidget(m_headline);
    text->addWidget(m_details);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 6);
    layout->addLayout(text, 1);
    layout->addWidget(m_addressLabel, 0, Qt::AlignTop);
    layout->addWidget(m_address, 0, Qt::AlignTop);
    retranslate();
}

void ReachabilityPanel::setInput(const server::Reachability::Input &input)
{
    const QString chosen = m_input.chosenHost;
    m_input = input;
    if (m_input.chosenHost.isEmpty())
        m_input.chosenHost = chosen;
    decide();
}

void ReachabilityPanel::setMapping(const server::PortMapping &mapping)
{
    m_input.mapping = mapping;
    decide();
}

void ReachabilityPanel::chooseHost(const QString &host)
{
    m_input.chosenHost = host.trimmed();
    QSettings().setValue(kChosenHostKey, m_input.chosenHost);
    decide();
}

void ReachabilityPanel::onAddressEdited()
{
    // The first item is "automatic"; anything else is an address the user stands by.
    const QString text = m_address->currentText().trimmed();
    const bool automatic = text.isEmpty() || text == m_address->itemText(0);
    const QString host = automatic ? QString() : text;
    if (host != m_input.chosenHost)
        chooseHost(host);
}

void ReachabilityPanel::decide()
{
    const server::Reachability before = m_reachability;
    m_reachability = server::Reachability::decide(m_input);
    retranslate();
    if (m_reachability.host != before.host || m_reachability.port != before.port)
        Q_EMIT addressChanged(m_reachability.host, m_reachability.port);
}

QString ReachabilityPanel::headline() const
{
    return m_headline->text();
}

QString ReachabilityPanel::details() const
{
    return m_details->text();
}

void ReachabilityPanel::fillAddressBox()
{
    // Not under the user's fingers: a mapping that lands while they type keeps their text.
    if (m_address->lineEdit()->hasFocus() && m_address->count() > 0)
        return;
    const QSignalBlocker blocker(m_address);
    m_address->clear();
    m_address->addItem(tr("Automatic"));
    m_address->addItems(server::Reachability::candidates(m_input));
    if (m_input.chosenHost.isEmpty())
        m_address->setCurrentIndex(0);
    else
        m_address->setCurrentText(m_input.chosenHost);
}

void ReachabilityPanel::retranslate()
{
    const server::Reachability &r = m_reachability;
    QString colour;
    switch (r.kind) {
    case Kind::Internet:
        m_headline->setText(tr("Friends on the internet can join with this invite"));
        colour = QStringLiteral("#1b7f3b");
        break;
    case Kind::LocalNetwork:
        m_headline->setText(tr("Only people on your network can join with this invite"));
        colour = QStringLiteral("#a15c00");
        break;
    case Kind::ThisComputer:
        m_headline->setText(tr("Only this computer can join with this invite"));
        colour = QStringLiteral("#b00020");
        break;
    }
    m_headline->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(colour));
    m_details->setText(describe());
    m_addressLabel->setText(tr("Invite address:"));
    m_address->setToolTip(tr("The address friends connect to. Automatic picks the best one; type "
                             "another (a name from a dynamic DNS service, say) to use it."));
    fillAddressBox();
}

QString ReachabilityPanel::describe() const
{
    const server::Reachability &r = m_reachability;
    const QString port = QString::number(r.port);
    const QString lan = r.lanHost.isEmpty() ? tr("this computer") : r.lanHost;
    const QString community =
        tr("or host the room on a community server (a computer with a public address "
           "running watchium --server).");
    const QString forward = tr("To let friends elsewhere join, forward TCP port %1 on your router "
                               "to %2, %3")
                                .arg(port, lan, community);
    switch (r.reason) {
    case Reason::UserChoice:
        return tr("You chose this address: Watchium cannot check who reaches it. The server "
                  "listens on port %1.")
            .arg(port);
    case Reason::PublicAddress:
        return tr("This computer has a public address, %1. If friends cannot connect, allow "
                  "TCP port %2 in its firewall.")
            .arg(r.host, port);
    case Reason::PortMapped:
        return tr("Your router forwards port %1 from its public address %2 to this computer "
                  "(%3, renewed while you host).")
            .arg(port, r.host,
                 QString::fromLatin1(server::PortMapping::methodName(m_input.mapping.method)));
    case Reason::GlobalIpv6:
        return tr("The invite uses this computer's IPv6 address: friends with IPv6 can join if "
                  "your router lets them in. %1")
            .arg(forward);
    case Reason::MappingPending:
        return tr("Asking your router to open port %1 for friends on the internet…").arg(port);
    case Reason::MappingOff:
        return tr("Automatic port mapping is off. %1").arg(forward);
    case Reason::NoRouter:
        return tr("Your router did not answer UPnP, PCP or NAT-PMP (they may be off in its "
                  "settings). %1")
            .arg(forward);
    case Reason::RouterRefused:
        return tr("Your router refused to open port %1 (%2). %3").arg(port, r.error, forward);
    case Reason::RouterBehindNat:
        return tr("Your router has no public address of its own: your provider shares one "
                  "between customers (carrier-grade NAT), or another router is in front of it. "
                  "Forwarding a port will not help; host the room on a community server (a "
                  "computer with a public address running watchium --server), or ask your "
                  "provider for a public address.");
    case Reason::NoNetwork:
        break;
    }
    return tr("This computer is not connected to a network, so there is no address to invite "
              "friends to. Pick 127.0.0.1 to invite another window on this computer.");
}

void ReachabilityPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace watchium::app
