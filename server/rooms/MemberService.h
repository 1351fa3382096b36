#pragma once

#include "rooms/ServiceContext.h"

namespace watchium::server {

// Members' profiles and sync status. Presence (every 3 s) is the heartbeat
// of sync status: each report updates the member in memory, derives
// is_synced, and is saved in the next batch, not one write per message.
class MemberService
{
public:
    explicit MemberService(ServiceContext context);

    Outcome list(const QJsonObject &body, const Caller &caller);
    Outcome updateStatus(const QJsonObject &body, const Caller &caller);
    // supabase-js rpc('track_user_presence', {p_room_id, p_user_id, p_current_time, p_is_playing})
    Outcome trackPresenceRpc(const QJsonObject &body, const Caller &caller);
    // supabase-js rpc('get_room_sync_state', {p_room_id, p_user_id})
    Outcome roomSyncStateRpc(const QJsonObject &body, const Caller &caller);

    // A presence meta from a member's socket: {current_time, is_playing,
    // sync_error_ms?, rtt_ms?, down_delay_ms?, buffering?, player_state?, player_error?,
    // duration?}.
    void presence(LiveRoom *room, MemberRecord *member, const QJsonObject &meta);
    // Members whose presence stopped (socket open but no report for the presence timeout) are
    // marked offline, those of another node's sockets left to it; returns how many.
    int expireSilent(qint64 now);

private:
    void applyPosition(LiveRoom *room, MemberRecord *member, double position, bool playing,
                       std::optional<double> ownErrorMs, bool playerChanged = false);

    ServiceContext m_ctx;
};

} // namespace watchium::server
