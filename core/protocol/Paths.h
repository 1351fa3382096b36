#pragma once

#include <QLatin1StringView>

// The URL paths a Supabase client knows our server by; client and server take them from here.
namespace watchium::protocol::paths {

// The Realtime (Phoenix channels) WebSocket endpoint.
inline constexpr QLatin1StringView kRealtimeSocket {"/realtime/v1/websocket"};
// Edge functions: the prefix, then the function's name (rooms-create, ...).
inline constexpr QLatin1StringView kFunctionsPrefix {"/functions/v1/"};

} // namespace watchium::protocol::paths
