#include "DanmakuBar.h"

#include "CommentsPanel.h"
#include "DanmakuOverlay.h"
#include "domain/Reactions.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSlider>
#include <QToolButton>

namespace watchium::app {

namespace {

const QString kEnabledKey = QStringLiteral("danmaku/enabled");
const QString kDensityKey = QStringLiteral("danmaku/density");
const QString kOpacityKey = QStringLiteral("danmaku/opacity");

} // namespace

DanmakuBar::DanmakuBar(DanmakuOverlay *overlay, QWidget *parent)
    : QWidget(parent)
    , m_overlay(overlay)
{
    const QSettings settings;
    m_toggle = new QCheckBox(this);
    m_toggle->setObjectName(QStringLiteral("danmakuToggle"));
    m_toggle->setChecked(settings.value(kEnabledKey, true).toBool());
    m_densityLabel = new QLabel(this);
    m_density = new QComboBox(this);
    m_density->addItems({QString(), QString(), QString()});
    m_density->setCurrentIndex(std::clamp(
        settings.value(kDensityKey, int(DanmakuOverlay::Density::Medium)).toInt(), 0, 2));
    m_opacityLabel = new QLabel(this);
    m_opacity = new QSlider(Qt::Horizontal, this);
    m_opacity->setRange(10, 100);
    m_opacity->setValue(std::clamp(settings.value(kOpacityKey, 85).toInt(), 10, 100));
    m_opacity->setMaximumWidth(100);
    m_input = new QLineEdit(this);
    m_input->setObjectName(QStringLiteral("danmakuInput"));
    m_input->setMaxLength(CommentsPanel::kMaxLength);
    m_input->hide();

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 0, 8, 4);
    layout->addWidget(m_toggle);
    layout->addWidget(m_densityLabel);
    layout->addWidget(m_density);
    layout->addWidget(m_opacityLabel);
    layout->addWidget(m_opacity);
    layout->addWidget(m_input, 1);
    layout->addStretch();
    for (const QString &emoji : reactions::emojis()) {
        auto *button = new QToolButton(this);
        button->setText(emoji);
        button->setAutoRaise(true);
        QFont emojiFont = button->font();
        emojiFont.setFamilies({QStringLiteral("Noto Color Emoji"), emojiFont.family()});
        emojiFont.setPointSizeF(emojiFont.pointSizeF() * 1.4);
        button->setFont(emojiFont);
        connect(button, &QToolButton::clicked, this,
                [this, emoji] { Q_EMIT reactionClicked(emoji); });
        layout->addWidget(button);
        m_reactions.append(button);
    }
    // Space and the arrows belong to the room view, as for the playback controls.
    for (QWidget *w : findChildren<QWidget *>())
        if (w != m_input)
            w->setFocusPolicy(Qt::NoFocus);

    connect(m_toggle, &QCheckBox::toggled, this, &DanmakuBar::apply);
    connect(m_density, &QComboBox::currentIndexChanged, this, &DanmakuBar::apply);
    connect(m_opacity, &QSlider::valueChanged, this, &DanmakuBar::apply);
    connect(m_input, &QLineEdit::returnPressed, this, [this] {
        const QString text = m_input->text().trimmed();
        if (text.isEmpty())
            return;
        m_input->clear();
        Q_EMIT commentEntered(text);
    });
    retranslate();
    apply();
}

void DanmakuBar::setFullScreen(bool fullScreen)
{
    m_input->setVisible(fullScreen);
}

void DanmakuBar::apply()
{
    m_overlay->setEnabled(m_toggle->isChecked());
    m_overlay->setDensity(DanmakuOverlay::Density(m_density->currentIndex()));
    m_overlay->setOpacity(m_opacity->value() / 100.0);
    m_density->setEnabled(m_toggle->isChecked());
    m_opacity->setEnabled(m_toggle->isChecked());
    QSettings settings;
    settings.setValue(kEnabledKey, m_toggle->isChecked());
    settings.setValue(kDensityKey, m_density->currentIndex());
    settings.setValue(kOpacityKey, m_opacity->value());
}

void DanmakuBar::retranslate()
{
    m_toggle->setText(tr("Comments over the video"));
    m_toggle->setToolTip(tr("Show the episode's comments flying over the video at their moments"));
    m_densityLabel->setText(tr("Density:"));
    m_density->setItemText(0, tr("Low"));
    m_density->setItemText(1, tr("Medium"));
    m_density->setItemText(2, tr("High"));
    m_opacityLabel->setText(tr("Opacity:"));
    m_input->setPlaceholderText(tr("Comment on this moment… (Enter sends)"));
    for (QToolButton *button : std::as_const(m_reactions))
        button->setToolTip(tr("React with %1 for everyone in the room").arg(button->text()));
}

void DanmakuBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace watchium::app
