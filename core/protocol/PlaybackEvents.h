#pragma once

#include <QLatin1StringView>
#include <QStringView>

// The host's playback controls: the `action` of a sync_control, and the broadcast event under
// which the new room state reaches every member. Client and server take the names from here.
namespace watchium::protocol::playback {

inline constexpr QLatin1StringView kPlay {"play"};
inline constexpr QLatin1StringView kPause {"pause"};
inline constexpr QLatin1StringView kSeek {"seek"};
inline constexpr QLatin1StringView kRate {"rate"};

inline bool isControl(QStringView event)
{
    return event == kPlay || event == kPause || event == kSeek || event == kRate;
}

} // namespace watchium::protocol::playback
