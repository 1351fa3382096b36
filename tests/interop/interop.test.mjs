// The real npm @supabase/supabase-js against `watchium --server`: functions,
// rpc, and a Realtime room channel set up exactly like seed 002's
// RealtimeRoomManager, over both realtime-js serializers (vsn 2.0.0, the
// default, and 1.0.0), plus a private room, the --anon-key mode, and https/wss
// (--tls-cert) with a CA made by openssl.
//
// Run through run-interop.mjs, which installs the pinned packages and passes
// the server binary in WATCHIUM_BIN.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import WebSocket from 'ws';

import {
  closeClients,
  httpErrorOf,
  makeClient,
  makeMemberClient,
  startServer,
  subscribe,
  waitFor,
  within,
} from './harness.mjs';

// Without --anon-key the server takes any key; supabase-js only needs one.
const ANY_KEY = 'watchium-interop-anon-key';
const EVENT_MS = 5000; // a pushed event arrives within this, or the test fails

function uid(prefix) {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

function roomBody(hostUserId, extra = {}) {
  // Seed 001's "Creating a Room" body.
  return {
    title: 'Watching Attack on Titan S1E1 Together',
    anime_id: 'aot-season-1',
    anime_title: 'Attack on Titan',
    episode_number: 1,
    video_url: 'https://example.com/video.mp4',
    host_user_id: hostUserId,
    host_username: 'AnimeFan99',
    is_public: true,
    ...extra,
  };
}

/**
 * Everything one realtime client saw on its room channel. The listeners are
 * seed 002's setupEventListeners(), plus seed 003's broadcast events.
 */
function watchRoom(client, roomId, presenceKey, { ack = false } = {}) {
  const seen = {
    roomUpdates: [],
    memberChanges: [],
    commentInserts: [],
    broadcasts: [],
    syncs: [],
    joins: [],
    leaves: [],
    system: [],
  };
  const config = { broadcast: { self: true }, presence: { key: presenceKey } };
  if (ack) config.broadcast.ack = true;
  const channel = client.channel(`room:${roomId}`, { config });
  const filter = `room_id=eq.${roomId}`;
  channel
    .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'rooms', filter }, (p) =>
      seen.roomUpdates.push(p),
    )
    .on('postgres_changes', { event: '*', schema: 'public', table: 'room_members', filter }, (p) =>
      seen.memberChanges.push(p),
    )
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'comments', filter }, (p) =>
      seen.commentInserts.push(p),
    )
    .on('presence', { event: 'sync' }, () => seen.syncs.push(channel.presenceState()))
    .on('presence', { event: 'join' }, (p) => seen.joins.push(p))
    .on('presence', { event: 'leave' }, (p) => seen.leaves.push(p))
    .on('system', {}, (p) => seen.system.push(p));
  for (const event of ['play', 'pause', 'seek', 'new_comment', 'member_joined', 'member_left', 'reaction'])
    channel.on('broadcast', { event }, (p) => seen.broadcasts.push(p));
  for (const event of ['queue_changed', 'episode_changed'])
    channel.on('broadcast', { event }, (p) => seen.broadcasts.push(p));
  return { channel, seen };
}

function broadcastsOf(seen, event) {
  return seen.broadcasts.filter((b) => b.event === event);
}

/** The latest presence sync in which `key` has a meta matching `match`. */
function presenceHas(seen, key, match) {
  const last = seen.syncs.at(-1);
  return last?.[key]?.find(match);
}

function roomScenario(vsn) {
  describe(`public room over realtime vsn ${vsn}`, () => {
    let server;
    const clients = [];
    const hostId = uid('host');
    const memberId = uid('member');
    const thirdId = uid('third');
    let bootstrap; // no identity: creates and joins
    let roomId;
    let hostToken;
    let memberToken;
    let thirdToken;
    let host; // { db, channel, seen }
    let member;
    let third;
    const memberFrames = []; // what the member's realtime-js put on the wire

    before(async () => {
      server = await startServer();
      bootstrap = makeClient(server.url, ANY_KEY, { vsn, clients });
    });
    after(async () => {
      await closeClients(clients);
      await server?.stop();
    });

    it('creates a room with functions.invoke("rooms-create")', async () => {
      const { data, error } = await bootstrap.functions.invoke('rooms-create', {
        body: roomBody(hostId),
      });
      assert.equal(error, null);
      assert.equal(data.success, true);
      roomId = data.data.room.room_id;
      assert.match(roomId, /^[A-Za-z0-9]{6,32}$/);
      assert.equal(data.data.realtime_channel, `room:${roomId}`);
      assert.equal(typeof data.data.member_token, 'string');
      assert.ok(data.data.member_token.length >= 16);
      assert.equal(data.data.room.host_user_id, hostId);
      assert.equal(data.data.room.is_public, true);
      hostToken = data.data.member_token;

      const db = await makeMemberClient(server.url, ANY_KEY, hostToken, { vsn, clients });
      host = { db, ...watchRoom(db, roomId, hostId) };
      const statuses = await subscribe(host.channel);
      assert.deepEqual(statuses, ['SUBSCRIBED']);
      assert.equal(host.db.realtime.vsn, vsn);
      assert.match(host.db.realtime.endpointURL(), new RegExp(`/realtime/v1/websocket\\?apikey=.*&vsn=${vsn}$`));
    });

    it('a second user joins over functions and subscribes with seed 002 listeners', async () => {
      const { data, error } = await bootstrap.functions.invoke('rooms-join', {
        body: { room_id: roomId, user_id: memberId, username: 'Member' },
      });
      assert.equal(error, null);
      assert.equal(data.success, true);
      assert.equal(data.data.realtime_channel, `room:${roomId}`);
      assert.equal(data.data.room.room_id, roomId);
      memberToken = data.data.member_token;
      assert.equal(typeof memberToken, 'string');
      assert.notEqual(memberToken, hostToken);

      const db = await makeMemberClient(server.url, ANY_KEY, memberToken, { vsn, clients, frames: memberFrames });
      member = { db, ...watchRoom(db, roomId, memberId) };
      // A binding mismatch would surface here as CHANNEL_ERROR.
      const statuses = await subscribe(member.channel);
      assert.deepEqual(statuses, ['SUBSCRIBED']);
      assert.equal(member.channel.state, 'joined');
      // The join carried the member token: the server counts the member online.
      const listed = await member.db.functions.invoke('members-get-list', { body: { room_id: roomId } });
      assert.equal(listed.error, null);
      const row = listed.data.data.members.find((m) => m.user_id === memberId);
      assert.equal(row.is_online, true);
      // Every postgres_changes binding got the server's id.
      for (const b of member.channel.bindings.postgres_changes)
        assert.equal(typeof b.id, 'number', `binding ${JSON.stringify(b.filter)} has an id`);
      const system = await waitFor(() => member.seen.system[0], EVENT_MS, 'system message');
      assert.equal(system.extension, 'postgres_changes');
      assert.equal(system.status, 'ok');

      // 30 s in while the room is paused at 0: out of sync.
      const meta = { user_id: memberId, username: 'Member', current_time: 30, is_playing: false };
      assert.equal(await within(member.channel.track(meta), EVENT_MS, 'track'), 'ok');
      const own = await waitFor(
        () => presenceHas(member.seen, memberId, (m) => m.user_id === memberId),
        EVENT_MS,
        'own presence in presenceState() via sync',
      );
      assert.equal(own.username, 'Member');
      assert.equal(own.current_time, 30);
      assert.equal(own.is_playing, false);
      assert.equal(typeof own.presence_ref, 'string');
      assert.ok(member.seen.joins.some((j) => j.key === memberId));
      // Presence is the member's sync report: the server marks it out of sync,
      // which reaches the room_members '*' binding as an UPDATE, typed.
      const status = await waitFor(
        () =>
          member.seen.memberChanges.find(
            (c) => c.eventType === 'UPDATE' && c.new.user_id === memberId && c.new.is_synced === false,
          ),
        EVENT_MS,
        'room_members UPDATE (is_synced false)',
      );
      assert.equal(status.old.is_synced, true);
      assert.equal(status.new.is_online, true);
      assert.equal(status.new.sync_offset_ms, 30000);
      // The host sees the member too.
      await waitFor(
        () => presenceHas(host.seen, memberId, (m) => m.user_id === memberId),
        EVENT_MS,
        'member presence at the host',
      );
    });

    it('a third member joining reaches the member as room_members INSERT and member_joined', async () => {
      const { data, error } = await bootstrap.functions.invoke('rooms-join', {
        body: { room_id: roomId, user_id: thirdId, username: 'Third' },
      });
      assert.equal(error, null);
      thirdToken = data.data.member_token;
      const insert = await waitFor(
        () =>
          member.seen.memberChanges.find((c) => c.eventType === 'INSERT' && c.new.user_id === thirdId),
        EVENT_MS,
        'room_members INSERT',
      );
      assert.equal(insert.table, 'room_members');
      assert.equal(insert.new.room_id, roomId);
      assert.equal(insert.new.is_host, false);
      const joined = await waitFor(
        () => broadcastsOf(member.seen, 'member_joined').find((b) => b.payload.user_id === thirdId),
        EVENT_MS,
        'member_joined broadcast',
      );
      assert.equal(joined.payload.username, 'Third');

      const db = await makeMemberClient(server.url, ANY_KEY, thirdToken, { vsn, clients });
      third = { db, ...watchRoom(db, roomId, thirdId, { ack: true }) };
      assert.deepEqual(await subscribe(third.channel), ['SUBSCRIBED']);
    });

    it('host play via functions.invoke("sync-control") reaches the member as rooms UPDATE and play', async () => {
      const { data, error } = await host.db.functions.invoke('sync-control', {
        body: { room_id: roomId, action: 'play', current_time: 10 },
      });
      assert.equal(error, null);
      assert.equal(data.success, true);

      const update = await waitFor(
        () => member.seen.roomUpdates.find((u) => u.new.is_playing === true),
        EVENT_MS,
        'rooms UPDATE with is_playing true',
      );
      assert.equal(update.eventType, 'UPDATE');
      assert.equal(update.schema, 'public');
      assert.equal(update.table, 'rooms');
      assert.equal(typeof update.new.is_playing, 'boolean');
      assert.equal(typeof update.new.current_playback_time, 'number');
      assert.equal(update.new.current_playback_time, 10);
      assert.equal(update.new.current_time, 10); // what seed 002's syncToRoomState reads
      assert.equal(update.new.room_id, roomId);
      assert.equal(update.new.host_user_id, hostId);
      assert.equal(update.old.is_playing, false);
      assert.equal(typeof update.new.episode_number, 'number');
      assert.ok(!Number.isNaN(Date.parse(update.commit_timestamp)));

      const play = await waitFor(
        () => broadcastsOf(member.seen, 'play').find((b) => b.payload.current_time === 10),
        EVENT_MS,
        'play broadcast',
      );
      assert.equal(play.type, 'broadcast');
      assert.equal(play.payload.user_id, hostId);
      assert.equal(play.payload.username, 'AnimeFan99');
      // broadcast.self: the host's own channel hears it as well.
      await waitFor(
        () => broadcastsOf(host.seen, 'play').find((b) => b.payload.current_time === 10),
        EVENT_MS,
        'play broadcast at the host',
      );
    });

    it('the seeds\' slash spelling /functions/v1/sync/control works with a raw fetch', async () => {
      const response = await fetch(`${server.url}/functions/v1/sync/control`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          apikey: ANY_KEY,
          Authorization: `Bearer ${hostToken}`,
        },
        body: JSON.stringify({ room_id: roomId, user_id: hostId, action: 'pause', current_time: 12 }),
      });
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.equal(body.success, true);
      const update = await waitFor(
        () => member.seen.roomUpdates.find((u) => u.new.is_playing === false && u.old.is_playing === true),
        EVENT_MS,
        'rooms UPDATE with is_playing false',
      );
      assert.equal(update.new.current_playback_time, 12);
      const pause = await waitFor(
        () => broadcastsOf(member.seen, 'pause').find((b) => b.payload.current_time === 12),
        EVENT_MS,
        'pause broadcast',
      );
      assert.equal(pause.payload.user_id, hostId);
    });

    it('a comment posted with functions.invoke("comments-create") arrives as INSERT and new_comment', async () => {
      const { data, error } = await third.db.functions.invoke('comments-create', {
        body: { room_id: roomId, message: `hello from ${vsn}`, video_timestamp: 12 },
      });
      assert.equal(error, null);
      assert.equal(data.success, true);
      const comment = data.data.comment;
      assert.equal(comment.user_id, thirdId);

      const insert = await waitFor(
        () => member.seen.commentInserts.find((c) => c.new.id === comment.id),
        EVENT_MS,
        'comments INSERT',
      );
      assert.equal(insert.eventType, 'INSERT');
      assert.equal(insert.new.message, `hello from ${vsn}`);
      assert.equal(insert.new.username, 'Third');
      assert.equal(insert.new.video_timestamp, 12);
      assert.equal(typeof insert.new.is_system_message, 'boolean');
      assert.equal(insert.new.is_system_message, false);
      const broadcast = await waitFor(
        () => broadcastsOf(member.seen, 'new_comment').find((b) => b.payload.id === comment.id),
        EVENT_MS,
        'new_comment broadcast',
      );
      assert.equal(broadcast.payload.message, `hello from ${vsn}`);
    });

    it('broadcasts over REST: send() before joining, and httpSend()', async () => {
      // realtime-js sends a broadcast on a channel that is not joined through
      // POST /realtime/v1/api/broadcast (with a deprecation warning), and
      // httpSend() through /realtime/v1/api/broadcast/<topic>/events/<event>.
      const db = await makeMemberClient(server.url, ANY_KEY, thirdToken, { vsn, clients });
      const channel = db.channel(`room:${roomId}`);
      const warn = console.warn;
      console.warn = () => {}; // the fallback's deprecation notice
      let fallback;
      let bogus;
      try {
        fallback = await within(
          channel.send({ type: 'broadcast', event: 'reaction', payload: { emoji: '\u{1F44D}' } }),
          EVENT_MS,
          'REST send',
        );
        // A member's play is refused there too (403).
        bogus = await within(
          channel.send({ type: 'broadcast', event: 'play', payload: { current_time: 1 } }),
          EVENT_MS,
          'REST play',
        );
      } finally {
        console.warn = warn;
      }
      assert.equal(fallback, 'ok');
      assert.equal(bogus, 'error');
      await waitFor(
        () =>
          broadcastsOf(member.seen, 'reaction').find(
            (b) => b.payload.emoji === '\u{1F44D}' && b.payload.user_id === thirdId,
          ),
        EVENT_MS,
        'reaction via REST fallback',
      );

      assert.deepEqual(await within(channel.httpSend('reaction', { emoji: '\u{1F525}' }), EVENT_MS, 'httpSend'), {
        success: true,
      });
      await waitFor(
        () => broadcastsOf(member.seen, 'reaction').find((b) => b.payload.emoji === '\u{1F525}'),
        EVENT_MS,
        'reaction via httpSend',
      );
      // A reaction outside the server's set is refused on both paths.
      await assert.rejects(within(channel.httpSend('reaction', { emoji: 'clap' }), EVENT_MS, 'httpSend clap'));
      await assert.rejects(within(channel.httpSend('play', { current_time: 1 }), EVENT_MS, 'httpSend play'));
      // The next test's barrier also shows nobody heard these plays.
    });

    it('a reaction sent on the joined channel reaches the room as the server writes it; a bad one is refused', async () => {
      // Whom the payload claims is not who is relayed: the server puts the sender's identity.
      const sent = { type: 'broadcast', event: 'reaction', payload: { emoji: '\u{1F602}', user_id: memberId } };
      assert.equal(await within(third.channel.send(sent), EVENT_MS, 'third reaction'), 'ok');
      const got = await waitFor(
        () => broadcastsOf(member.seen, 'reaction').find((b) => b.payload.emoji === '\u{1F602}'),
        EVENT_MS,
        'reaction over the socket',
      );
      assert.deepEqual(got.payload, { emoji: '\u{1F602}', user_id: thirdId, username: 'Third' });
      const bad = { type: 'broadcast', event: 'reaction', payload: { emoji: 'wave' } };
      assert.equal(await within(third.channel.send(bad), EVENT_MS, 'bad reaction'), 'error');
    });

    it('only the host controls playback: a member\'s play broadcast is not relayed', async () => {
      const bogus = { type: 'broadcast', event: 'play', payload: { current_time: 1 } };
      // Seed 002's channel config has no ack: send() resolves 'ok' locally,
      // whatever the server does with the frame.
      const sentBefore = memberFrames.length;
      const unacked = await within(member.channel.send(bogus), EVENT_MS, 'member send');
      assert.equal(unacked, 'ok');
      // On a joined channel it went over the socket, not the REST fallback:
      // a kind-3 binary frame on vsn 2.0.0, a JSON text frame on 1.0.0.
      const frame = memberFrames.at(sentBefore);
      if (vsn === '2.0.0') assert.deepEqual(frame, { type: 'binary', kind: 3 });
      else assert.equal(JSON.parse(frame.text).event, 'broadcast');
      // With broadcast.ack the server's refusal reaches the caller.
      const acked = await within(third.channel.send(bogus), EVENT_MS, 'third send');
      assert.equal(acked, 'error');

      // Barrier: each sender's next push goes down the same socket after its
      // play frame, so once the host sees their new presence, any relay of the
      // play frames would already have reached it.
      const barrier = uid('barrier');
      const memberMeta = { user_id: memberId, username: 'Member', current_time: 12, is_playing: false, barrier };
      const thirdMeta = { user_id: thirdId, username: 'Third', current_time: 12, is_playing: false, barrier };
      assert.equal(await within(member.channel.track(memberMeta), EVENT_MS, 'track'), 'ok');
      assert.equal(await within(third.channel.track(thirdMeta), EVENT_MS, 'track'), 'ok');
      for (const seen of [host.seen, member.seen, third.seen]) {
        await waitFor(
          () =>
            presenceHas(seen, memberId, (m) => m.barrier === barrier) &&
            presenceHas(seen, thirdId, (m) => m.barrier === barrier),
          EVENT_MS,
          'barrier presence',
        );
        assert.equal(
          broadcastsOf(seen, 'play').filter((b) => b.payload.current_time === 1).length,
          0,
          'nobody hears a non-host play',
        );
      }
      // Nor did the room change.
      assert.equal(member.seen.roomUpdates.filter((u) => u.new.current_playback_time === 1).length, 0);
    });

    it('a member calling sync-control over HTTP gets FunctionsHttpError 403', async () => {
      const { data, error } = await member.db.functions.invoke('sync-control', {
        body: { room_id: roomId, action: 'play', current_time: 1 },
      });
      assert.equal(data, null);
      const { status, body, name } = await httpErrorOf(error);
      assert.equal(name, 'FunctionsHttpError');
      assert.equal(status, 403);
      assert.equal(body.success, false);
      assert.equal(body.error.code, 'not_host');
    });

    it('the host\'s own seek broadcast over the socket is obeyed', async () => {
      // The server takes a host's play/pause/seek broadcast as a control and
      // announces the resulting state itself. Host controls are rate limited
      // (2 a second), so a refusal here is retried until the window passes.
      const ackHost = await makeMemberClient(server.url, ANY_KEY, hostToken, { vsn, clients });
      const { channel } = watchRoom(ackHost, roomId, hostId, { ack: true });
      assert.deepEqual(await subscribe(channel), ['SUBSCRIBED']);
      await waitFor(
        async () =>
          (await channel.send({ type: 'broadcast', event: 'seek', payload: { current_time: 42 } })) === 'ok',
        EVENT_MS,
        'host seek accepted',
        100,
      );
      const seek = await waitFor(
        () => broadcastsOf(member.seen, 'seek').find((b) => b.payload.current_time === 42),
        EVENT_MS,
        'seek broadcast',
      );
      assert.equal(seek.payload.user_id, hostId);
      await waitFor(
        () => member.seen.roomUpdates.find((u) => u.new.current_playback_time === 42),
        EVENT_MS,
        'rooms UPDATE to 42',
      );
      assert.equal(await within(ackHost.removeChannel(channel), EVENT_MS, 'removeChannel'), 'ok');
    });

    it('rpc track_user_presence and get_room_sync_state return data', async () => {
      const tracked = await member.db.rpc('track_user_presence', {
        p_room_id: roomId,
        p_user_id: memberId,
        p_current_time: 42,
        p_is_playing: false,
      });
      assert.equal(tracked.error, null);
      assert.equal(tracked.status, 200);
      assert.equal(tracked.data.success, true);
      assert.equal(typeof tracked.data.is_synced, 'boolean');

      const state = await member.db.rpc('get_room_sync_state', { p_room_id: roomId, p_user_id: memberId });
      assert.equal(state.error, null);
      // Seed 002's syncToLive: data.error, then data.room.current_time.
      assert.equal(state.data.error, undefined);
      assert.equal(state.data.room.room_id, roomId);
      assert.equal(typeof state.data.room.current_time, 'number');
      assert.equal(state.data.room.current_time, 42); // paused at the host's seek
      assert.equal(state.data.room.is_playing, false);

      // PostgREST-shaped errors for a bad call.
      const bad = await member.db.rpc('get_room_sync_state', { p_room_id: 'zzzzzzzzzz', p_user_id: memberId });
      assert.equal(bad.data, null);
      assert.equal(bad.status, 404);
      assert.equal(bad.error.code, 'room_not_found');
      assert.equal(typeof bad.error.message, 'string');
    });

    it('the host queues an episode and moves on: the member hears queue_changed and episode_changed', async () => {
      // Queue actions are host controls, rate limited (2 a second) with the ones before.
      const control = async (body) => {
        let result;
        await waitFor(
          async () => {
            result = await host.db.functions.invoke('sync-control', { body: { room_id: roomId, ...body } });
            return result.error === null || result.error.context?.status !== 429;
          },
          EVENT_MS,
          `sync-control ${body.action}`,
          100,
        );
        return result;
      };
      const added = await control({ action: 'queue_add', episode_number: 2, title: 'Two', video_url: '' });
      assert.equal(added.error, null);
      assert.equal(added.data.data.queue.entries.length, 1);
      const queued = await waitFor(
        () => broadcastsOf(member.seen, 'queue_changed').find((b) => b.payload.queue.entries.length === 1),
        EVENT_MS,
        'queue_changed broadcast',
      );
      assert.equal(queued.payload.queue.entries[0].episode_number, 2);
      assert.equal(queued.payload.queue.entries[0].video_url, '');

      const next = await control({ action: 'queue_next' });
      assert.equal(next.error, null);
      const changed = await waitFor(
        () => broadcastsOf(member.seen, 'episode_changed')[0],
        EVENT_MS,
        'episode_changed broadcast',
      );
      assert.equal(changed.payload.episode_number, 2);
      assert.equal(changed.payload.state.playing, false);
      // A seed client that knows neither event still reads the new episode from rooms UPDATE.
      await waitFor(
        () => member.seen.roomUpdates.find((u) => u.new.episode_number === 2),
        EVENT_MS,
        'rooms UPDATE to episode 2',
      );
    });

    it('unsubscribe leaves presence, and removeAllChannels closes the socket', async () => {
      assert.equal(await within(member.channel.untrack(), EVENT_MS, 'untrack'), 'ok');
      assert.equal(await within(member.channel.unsubscribe(), EVENT_MS, 'unsubscribe'), 'ok');
      await waitFor(
        () => host.seen.leaves.find((l) => l.key === memberId) && !presenceHas(host.seen, memberId, () => true),
        EVENT_MS,
        'member presence leave at the host',
      );
      const results = await within(third.db.removeAllChannels(), EVENT_MS, 'removeAllChannels');
      assert.deepEqual(results, ['ok']);
      await waitFor(
        () => !presenceHas(host.seen, thirdId, () => true),
        EVENT_MS,
        'third presence gone at the host',
      );
      assert.equal(third.db.realtime.isConnected(), false);
    });

    it('rooms-leave reaches the host as room_members DELETE and member_left', async () => {
      const { data, error } = await third.db.functions.invoke('rooms-leave', { body: { room_id: roomId } });
      assert.equal(error, null);
      assert.equal(data.data.left, true);
      // Seed 002's handleMemberChange reads payload.old.username on DELETE.
      const gone = await waitFor(
        () => host.seen.memberChanges.find((c) => c.eventType === 'DELETE' && c.old.user_id === thirdId),
        EVENT_MS,
        'room_members DELETE',
      );
      assert.equal(gone.old.username, 'Third');
      assert.deepEqual(gone.new, {});
      await waitFor(
        () => broadcastsOf(host.seen, 'member_left').find((b) => b.payload.user_id === thirdId),
        EVENT_MS,
        'member_left broadcast',
      );
    });

    it('rooms-delete closes the room channel (phx_close)', async () => {
      const { error } = await host.db.functions.invoke('rooms-delete', { body: { room_id: roomId } });
      assert.equal(error, null);
      await waitFor(() => host.channel.state === 'closed', EVENT_MS, 'host channel closed');
      assert.equal(host.db.getChannels().length, 0);
    });
  });
}

roomScenario('2.0.0');
roomScenario('1.0.0');

describe('private room', () => {
  let server;
  const clients = [];
  const hostId = uid('host');
  const memberId = uid('member');
  let bootstrap;
  let roomId;
  let accessKey;

  before(async () => {
    server = await startServer();
    bootstrap = makeClient(server.url, ANY_KEY, { clients });
  });
  after(async () => {
    await closeClients(clients);
    await server?.stop();
  });

  it('refuses a channel join without a member token', async () => {
    const { data, error } = await bootstrap.functions.invoke('rooms-create', {
      body: roomBody(hostId, { is_public: false }),
    });
    assert.equal(error, null);
    roomId = data.data.room.room_id;
    accessKey = data.data.room.access_key;
    assert.equal(typeof accessKey, 'string');

    // The bootstrap client presents only the anon key.
    const channel = bootstrap.channel(`room:${roomId}`, { config: { presence: { key: 'nobody' } } });
    const errors = [];
    channel.subscribe((status, err) => {
      if (status === 'CHANNEL_ERROR') errors.push(err?.message ?? '');
    });
    await waitFor(() => errors.length > 0, EVENT_MS, 'CHANNEL_ERROR');
    assert.match(errors[0], /private room/);
    assert.notEqual(channel.state, 'joined');
    await within(bootstrap.removeChannel(channel), EVENT_MS, 'removeChannel');
  });

  it('a member with the access key joins and subscribes with its token', async () => {
    const wrong = await bootstrap.functions.invoke('rooms-join', {
      body: { room_id: roomId, user_id: memberId, username: 'Member' },
    });
    assert.equal((await httpErrorOf(wrong.error)).status, 403);

    const { data, error } = await bootstrap.functions.invoke('rooms-join', {
      body: { room_id: roomId, user_id: memberId, username: 'Member', access_key: accessKey },
    });
    assert.equal(error, null);
    const db = makeClient(server.url, ANY_KEY, { token: data.data.member_token, clients });
    const { channel, seen } = watchRoom(db, roomId, memberId);
    // No setAuth() first: the join races the token (see "token race"). A
    // private room refuses a join without it, and realtime-js rejoins (after
    // 1 s) with the token; either way it ends SUBSCRIBED.
    const statuses = await subscribe(channel, { tolerateErrors: true, ms: 20000 });
    assert.equal(statuses.at(-1), 'SUBSCRIBED');
    for (const s of statuses.slice(0, -1)) assert.match(s, /^CHANNEL_ERROR: .*private room: token required/);
    assert.equal(await within(channel.track({ user_id: memberId, current_time: 0, is_playing: false }), EVENT_MS, 'track'), 'ok');
    await waitFor(() => presenceHas(seen, memberId, (m) => m.user_id === memberId), EVENT_MS, 'own presence');
  });
});

describe('token race: a channel subscribed before realtime-js resolved the token', () => {
  let server;
  const clients = [];
  const hostId = uid('host');

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await closeClients(clients);
    await server?.stop();
  });

  async function hostOnline(db, roomId) {
    const { data, error } = await db.functions.invoke('members-get-list', { body: { room_id: roomId } });
    assert.equal(error, null);
    return data.data.members.find((m) => m.user_id === hostId).is_online;
  }

  it('joins a public room as a viewer, and the next join carries the token', async () => {
    const bootstrap = makeClient(server.url, ANY_KEY, { clients });
    const created = await bootstrap.functions.invoke('rooms-create', { body: roomBody(hostId) });
    assert.equal(created.error, null);
    const roomId = created.data.data.room.room_id;
    const hostToken = created.data.data.member_token;
    const seek = (channel, t) => channel.send({ type: 'broadcast', event: 'seek', payload: { current_time: t } });

    // Subscribed in the same tick as createClient: the join goes out before
    // the accessToken callback resolved, so without access_token. A public
    // room accepts it as a viewer.
    const db = makeClient(server.url, ANY_KEY, { token: hostToken, clients });
    const config = { config: { broadcast: { ack: true }, presence: { key: hostId } } };
    const first = db.channel(`room:${roomId}`, config);
    assert.deepEqual(await subscribe(first), ['SUBSCRIBED']);
    // realtime-js now holds the token, but it changed while the join was in
    // flight, so 2.119 never sends it on this channel (no access_token push):
    // the server still sees a viewer, whose playback control it refuses.
    assert.equal(db.realtime.accessTokenValue, hostToken);
    assert.equal(await within(seek(first, 5), EVENT_MS, 'seek'), 'error');
    assert.equal(await hostOnline(bootstrap, roomId), false);

    // A new join carries the token: the host is identified and obeyed.
    assert.equal(await within(db.removeChannel(first), EVENT_MS, 'removeChannel'), 'ok');
    const second = db.channel(`room:${roomId}`, config);
    assert.deepEqual(await subscribe(second), ['SUBSCRIBED']);
    assert.equal(await hostOnline(bootstrap, roomId), true);
    assert.equal(await within(seek(second, 5), EVENT_MS, 'seek'), 'ok');
    const state = await bootstrap.rpc('get_room_sync_state', { p_room_id: roomId });
    assert.equal(state.data.room.current_time, 5);
  });
});

describe('--anon-key mode', () => {
  const KEY = `anon-${randomBytes(8).toString('hex')}`;
  let server;
  const clients = [];
  const hostId = uid('host');
  const memberId = uid('member');
  let roomId;
  let hostToken;

  before(async () => {
    server = await startServer(['--anon-key', KEY]);
  });
  after(async () => {
    await closeClients(clients);
    await server?.stop();
  });

  it('refuses HTTP without the apikey and a client with a wrong key', async () => {
    const bare = await fetch(`${server.url}/functions/v1/rooms-create`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(roomBody(hostId)),
    });
    assert.equal(bare.status, 401);
    assert.equal((await bare.json()).error.code, 'invalid_apikey');

    const wrong = makeClient(server.url, 'not-the-key', { clients });
    const { data, error } = await wrong.functions.invoke('rooms-create', { body: roomBody(hostId) });
    assert.equal(data, null);
    assert.equal((await httpErrorOf(error)).status, 401);
    const rpc = await wrong.rpc('get_room_sync_state', { p_room_id: 'zzzzzzzzzz' });
    assert.equal(rpc.status, 401);
    assert.equal(rpc.error.code, 'invalid_apikey');
  });

  it('refuses a WebSocket without the apikey', async () => {
    const wsUrl = server.url.replace(/^http/, 'ws') + '/realtime/v1/websocket';
    for (const query of ['?vsn=2.0.0', '?apikey=wrong&vsn=2.0.0']) {
      const ws = new WebSocket(wsUrl + query);
      const code = await within(
        new Promise((resolve) => ws.on('close', (c) => resolve(c))),
        EVENT_MS,
        'socket refusal',
      );
      assert.equal(code, 1008, `close code for ${query}`);
    }
  });

  it('supabase-js with the right key creates, joins, subscribes and hears play', async () => {
    const bootstrap = makeClient(server.url, KEY, { clients });
    const created = await bootstrap.functions.invoke('rooms-create', { body: roomBody(hostId) });
    assert.equal(created.error, null);
    roomId = created.data.data.room.room_id;
    hostToken = created.data.data.member_token;
    const joined = await bootstrap.functions.invoke('rooms-join', {
      body: { room_id: roomId, user_id: memberId, username: 'Member' },
    });
    assert.equal(joined.error, null);

    const db = await makeMemberClient(server.url, KEY, joined.data.data.member_token, { clients });
    const { channel, seen } = watchRoom(db, roomId, memberId);
    assert.deepEqual(await subscribe(channel), ['SUBSCRIBED']);
    assert.equal(await within(channel.track({ user_id: memberId, current_time: 0, is_playing: false }), EVENT_MS, 'track'), 'ok');
    await waitFor(() => presenceHas(seen, memberId, (m) => m.user_id === memberId), EVENT_MS, 'own presence');

    const hostDb = await makeMemberClient(server.url, KEY, hostToken, { clients });
    const played = await hostDb.functions.invoke('sync-control', {
      body: { room_id: roomId, action: 'play', current_time: 10 },
    });
    assert.equal(played.error, null);
    const update = await waitFor(() => seen.roomUpdates.find((u) => u.new.is_playing === true), EVENT_MS, 'rooms UPDATE');
    assert.equal(update.new.current_playback_time, 10);
    await waitFor(() => broadcastsOf(seen, 'play').find((b) => b.payload.current_time === 10), EVENT_MS, 'play');

    const state = await db.rpc('get_room_sync_state', { p_room_id: roomId, p_user_id: memberId });
    assert.equal(state.error, null);
    assert.equal(typeof state.data.room.current_time, 'number');
  });

  it('a realtime client with a wrong key never joins', async () => {
    const wrong = makeClient(server.url, 'not-the-key', { clients });
    const channel = wrong.channel(`room:${roomId}`, { config: { presence: { key: 'x' } } });
    const statuses = [];
    channel.subscribe((status) => statuses.push(status));
    await waitFor(() => statuses.includes('CHANNEL_ERROR'), EVENT_MS, 'CHANNEL_ERROR');
    assert.ok(!statuses.includes('SUBSCRIBED'));
  });
});

// A CA and a certificate for localhost signed by it, made by the openssl tool.
function makeCertificates(dir) {
  const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2',
    '-subj', '/CN=Watchium interop CA');
  openssl('req', '-new', ...ec, '-keyout', 'key.pem', '-out', 'site.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'site.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'site.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem',
    '-CAcreateserial', '-days', '2', '-extfile', 'site.ext', '-out', 'cert.pem');
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
}

// Runs tls-client.mjs in a node of its own with `env` added; its JSON line.
function runTlsClient(url, env) {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'tls-client.mjs');
  const childEnv = { ...process.env, ...env };
  if (!env.NODE_EXTRA_CA_CERTS) delete childEnv.NODE_EXTRA_CA_CERTS;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, url], { env: childEnv, timeout: 30000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`tls-client failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()));
    });
  });
}

describe('https and wss with --tls-cert', () => {
  let server;
  let dir;
  let certs;
  let httpsUrl;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'watchium-interop-tls-'));
    certs = makeCertificates(dir);
    server = await startServer(['--tls-cert', certs.cert, '--tls-key', certs.key]);
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    httpsUrl = server.url.replace('127.0.0.1', 'localhost');
  });
  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('supabase-js trusting the CA (NODE_EXTRA_CA_CERTS) creates a room and subscribes over wss', async () => {
    const result = await runTlsClient(httpsUrl, { NODE_EXTRA_CA_CERTS: certs.ca });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.deepEqual(result.statuses, ['SUBSCRIBED']);
    assert.match(result.endpoint, /^wss:\/\/localhost:\d+\/realtime\/v1\/websocket\?/);
  });

  it('supabase-js without the CA refuses the certificate', async () => {
    const result = await runTlsClient(httpsUrl, {});
    assert.equal(result.ok, false);
    assert.match(result.code, /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|unable to verify/i, JSON.stringify(result));
  });

  it('plain http to the TLS port is answered 400 https_required', async () => {
    const plain = server.url.replace('https://', 'http://');
    const response = await fetch(`${plain}/functions/v1/rooms-list-public`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 400);
    const body = await response.json();
    assert.equal(body.error.code, 'https_required');
  });
});
