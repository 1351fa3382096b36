#pragma once

#include <QLatin1StringView>

// The `code` of an error, over HTTP ({"success":false,"error":{"code","message"}}) and in a
// channel's error reply. The server answers with them and the clients decide on them, so both
// take them from here; docs/PROTOCOL.md lists what each means.
namespace watchium::protocol::errors {

// Sent by the server.
inline constexpr QLatin1StringView kInvalidRequest {"invalid_request"};
inline constexpr QLatin1StringView kNotFound {"not_found"}; // no such function or path
inline constexpr QLatin1StringView kRoomNotFound {"room_not_found"};
inline constexpr QLatin1StringView kAccessKeyRequired {"access_key_required"};
inline constexpr QLatin1StringView kInvalidAccessKey {"invalid_access_key"};
inline constexpr QLatin1StringView kUserIdTaken {"user_id_taken"};
inline constexpr QLatin1StringView kTokenRequired {"token_required"};
inline constexpr QLatin1StringView kInvalidToken {"invalid_token"};
inline constexpr QLatin1StringView kNotHost {"not_host"};
inline constexpr QLatin1StringView kRateLimited {"rate_limited"};
inline constexpr QLatin1StringView kStateConflict {"state_conflict"};
inline constexpr QLatin1StringView kStoreError {"store_error"};
inline constexpr QLatin1StringView kHttpsRequired {"https_required"};

// Made by the client itself, for what never reached an answer.
inline constexpr QLatin1StringView kServerUnreachable {"server_unreachable"};
inline constexpr QLatin1StringView kTimeout {"timeout"};
inline constexpr QLatin1StringView kNotConnected {"not_connected"};
inline constexpr QLatin1StringView kTlsRefused {"tls_refused"};
inline constexpr QLatin1StringView kTlsFailed {"tls_failed"};

} // namespace watchium::protocol::errors
