// Helpers for the supabase-js interop test: a real `watchium --server` child
// process, bounded waits, and supabase-js clients set up the way a browser
// page using the seeds' code would set them up.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';

const LISTENING = /^listening on (https?:\/\/\S+)$/;

// Servers still running when this process ends (a failed or interrupted run)
// are killed with it, so no watchium outlives the test.
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
}

/**
 * Starts `<bin> --server --port 0 --data-dir <fresh tmp dir> ...extraArgs` and
 * resolves once it printed its one `listening on http(s)://127.0.0.1:PORT` line.
 */
export async function startServer(extraArgs = [], { startTimeoutMs = 20000 } = {}) {
  const bin = process.env.WATCHIUM_BIN;
  if (!bin) throw new Error('WATCHIUM_BIN is not set: run this test through run-interop.mjs');
  const dataDir = await mkdtemp(join(tmpdir(), 'watchium-interop-'));
  const args = ['--server', '--port', '0', '--data-dir', dataDir, ...extraArgs];
  const child = spawn(bin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' },
  });
  const stderr = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr.push(chunk);
    if (process.env.WATCHIUM_INTEROP_VERBOSE) process.stderr.write(chunk);
  });
  running.add(child);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );

  const url = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`watchium did not print its listening line within ${startTimeoutMs} ms:\n${stderr.join('')}`));
    }, startTimeoutMs);
    lines.on('line', (line) => {
      const m = LISTENING.exec(line.trim());
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`watchium exited (code ${code}, signal ${signal}) before listening:\n${stderr.join('')}`));
    });
  });

  return {
    url,
    args,
    stderr: () => stderr.join(''),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(killer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves with the predicate's first truthy value (the predicate may be
 * async); rejects once `ms` have passed without one. It re-checks every
 * `intervalMs`: it waits for a condition, never for a fixed time.
 */
export async function waitFor(predicate, ms = 5000, what = 'condition', intervalMs = 10) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Rejects if `promise` has not settled within `ms`. */
export function within(promise, ms, what = 'operation') {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The `ws` WebSocket, noting in `frames` what realtime-js sends: `text`, or
 * `binary` with its first byte (the vsn 2.0.0 frame kind: 3 = user broadcast
 * push).
 */
function recordingTransport(frames) {
  return class RecordingWebSocket extends WebSocket {
    send(data, ...rest) {
      if (typeof data === 'string') frames.push({ type: 'text', text: data });
      else frames.push({ type: 'binary', kind: new Uint8Array(data)[0] });
      return super.send(data, ...rest);
    }
  };
}

/**
 * A supabase-js client for `url`. With `token`, the client presents that member
 * token everywhere (functions, rpc, realtime join/access_token) through the
 * documented `accessToken` option. Node 20 has no global WebSocket, so realtime
 * gets the `ws` package as its transport.
 */
export function makeClient(url, key, { token, vsn, clients, frames } = {}) {
  const realtime = { transport: frames ? recordingTransport(frames) : WebSocket };
  if (vsn) realtime.vsn = vsn;
  const options = {
    realtime,
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  };
  if (token !== undefined) {
    delete options.auth;
    options.accessToken = async () => token;
  }
  const client = createClient(url, key, options);
  if (clients) clients.push(client);
  return client;
}

/**
 * A client that is a room member: `makeClient` with the member's token, once
 * realtime-js holds that token. realtime-js fetches it from the accessToken
 * callback asynchronously; a channel subscribed before it resolved joins
 * without `access_token`, and 2.119 then never pushes the token on that
 * channel (see the "token race" test), so the server would keep the socket as
 * an unidentified viewer. `realtime.setAuth()` (documented, no argument: "use
 * the accessToken callback") settles it before the first join.
 */
export async function makeMemberClient(url, key, token, { vsn, clients, frames } = {}) {
  const client = makeClient(url, key, { token, vsn, clients, frames });
  await within(client.realtime.setAuth(), 5000, 'realtime.setAuth()');
  return client;
}

/**
 * Subscribes `channel` and resolves on SUBSCRIBED. Every status the callback
 * saw is kept in `statuses`, so a test can tell a clean join from one that
 * needed retries. Rejects on timeout, or on the first CHANNEL_ERROR unless
 * `tolerateErrors` (a private room's first join may race the token).
 */
export function subscribe(channel, { ms = 15000, tolerateErrors = false } = {}) {
  const statuses = [];
  const done = new Promise((resolve, reject) => {
    channel.subscribe((status, err) => {
      statuses.push(err ? `${status}: ${err.message}` : status);
      if (status === 'SUBSCRIBED') resolve(statuses);
      else if (status === 'CHANNEL_ERROR' && !tolerateErrors)
        reject(new Error(`channel ${channel.topic}: ${statuses.join(' | ')}`));
      else if (status === 'CLOSED') reject(new Error(`channel ${channel.topic} closed: ${statuses.join(' | ')}`));
    });
  });
  return within(done, ms, `subscribe ${channel.topic} (saw ${statuses.join(', ') || 'nothing'})`);
}

/** Unsubscribes and disconnects every client, bounded in time. */
export async function closeClients(clients) {
  await Promise.all(
    clients.splice(0).map((c) => within(c.removeAllChannels(), 10000, 'removeAllChannels').catch(() => {})),
  );
}

/** A function invocation's FunctionsHttpError status and parsed body. */
export async function httpErrorOf(error) {
  if (!error) return { status: undefined, body: undefined };
  const response = error.context;
  let body;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return { status: response?.status, body, name: error.name };
}
