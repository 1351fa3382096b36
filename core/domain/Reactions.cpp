#include "domain/Reactions.h"

namespace watchium::reactions {

const QStringList &emojis()
{
    // Thumbs up, tears of joy, open mouth, crying, red heart (with the emoji presentation
    // selector, as keyboards send it), fire.
    static const QStringList kEmojis {QStringLiteral("\U0001F44D"),   QStringLiteral("\U0001F602"),
                                      QStringLiteral("\U0001F62E"),   QStringLiteral("\U0001F622"),
                                      QStringLiteral("\u2764\uFE0F"), QStringLiteral("\U0001F525")};
    return kEmojis;
}

} // namespace watchium::reactions
