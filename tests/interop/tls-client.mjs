// supabase-js over https and wss, run as a node process of its own so that
// NODE_EXTRA_CA_CERTS (which node reads once, at startup) can name the test's
// CA. Creates a room with functions.invoke, subscribes to its channel, and
// prints one JSON line: { ok, endpoint } or { ok: false, error, code }.
//
//   node tls-client.mjs https://localhost:PORT
import { closeClients, makeClient, makeMemberClient, subscribe } from './harness.mjs';

const url = process.argv[2];
const key = 'watchium-interop-anon-key';
const clients = [];
let result;
try {
  const bootstrap = makeClient(url, key, { clients });
  const { data, error } = await bootstrap.functions.invoke('rooms-create', {
    body: {
      title: 'Over TLS',
      anime_id: 'aot-season-1',
      anime_title: 'Attack on Titan',
      episode_number: 1,
      video_url: 'https://example.com/video.mp4',
      host_user_id: 'tls-host',
      host_username: 'Host',
      is_public: true,
    },
  });
  if (error) {
    // FunctionsFetchError: the fetch failed; its cause says why (a certificate error).
    const cause = error.context?.cause ?? error.context;
    result = { ok: false, error: String(error.message), code: String(cause?.code ?? cause?.message ?? '') };
  } else {
    const db = await makeMemberClient(url, key, data.data.member_token, { clients });
    const statuses = await subscribe(db.channel(`room:${data.data.room.room_id}`));
    // A copy: closing the clients below adds CLOSED to the live array.
    result = { ok: true, statuses: [...statuses], endpoint: db.realtime.endpointURL() };
  }
} catch (e) {
  result = { ok: false, error: String(e?.message ?? e) };
}
await closeClients(clients);
console.log(JSON.stringify(result));
process.exit(0);
