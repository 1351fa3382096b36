#!/usr/bin/env python3
"""Writes the hand-made seed inputs in corpus/<harness>/ (run from anywhere; overwrites them).

Each seed is a small valid input laid out as its harness reads it: for the WebSocket frames a
flags byte (0: server, 64 KiB limit), the chunk count and sizes, then the stream."""
import os
import struct

here = os.path.dirname(os.path.abspath(__file__))
MASK = bytes([0x37, 0xFA, 0x21, 0x3D])


def frame(opcode, payload, fin=True, mask=MASK):
    head = bytes([(0x80 if fin else 0) | opcode])
    bit = 0x80 if mask else 0
    n = len(payload)
    if n < 126:
        head += bytes([bit | n])
    elif n < 65536:
        head += bytes([bit | 126]) + struct.pack(">H", n)
    else:
        head += bytes([bit | 127]) + struct.pack(">Q", n)
    if not mask:
        return head + payload
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def ws(flags, stream, chunks=b""):
    return bytes([flags, len(chunks)]) + chunks + stream


V2_SIGNATURE = b"\r\n\r\n\x00\r\nQUIT\n"


def write(harness, name, data):
    folder = os.path.join(here, "corpus", harness)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


join_v1 = ('{"topic":"realtime:room:7f3a","event":"phx_join","payload":{"config":{"broadcast":'
           '{"self":false,"ack":true},"presence":{"key":"u1"},"postgres_changes":[{"event":"*",'
           '"schema":"public","table":"comments","filter":"room_id=eq.7f3a"}]},'
           '"access_token":"tok"},"ref":"1","join_ref":"1"}')

seeds = {
    "ws_frame": {
        "text": ws(0, frame(1, b"hello")),
        "fragmented-with-ping": ws(0, frame(1, b"hel", fin=False) + frame(9, b"p")
                                   + frame(0, "lo \u00e9".encode(), fin=True)),
        "binary-16bit-length": ws(0, frame(2, bytes(range(256)) + bytes(44))),
        "binary-64bit-length": ws(0, b"\x82\xff" + struct.pack(">Q", 3) + MASK + b"abc"),
        "close": ws(0, frame(8, struct.pack(">H", 1000) + b"bye")),
        "pong-then-empty-close": ws(0, frame(10, b"") + frame(8, b"")),
        "split": ws(0, frame(1, b"split across reads") + frame(2, b"\x00\x01"), b"\x00\x01\x05"),
        "small-limit": ws(8, frame(1, b"1234567")),
        "client-role": ws(3, frame(1, b"from the server", mask=None)
                          + frame(8, struct.pack(">H", 1001), mask=None)),
    },
    "ws_handshake": {
        "request": b"\x00GET /realtime/v1/websocket?apikey=k&vsn=1.0.0 HTTP/1.1\r\n"
                   b"Host: 127.0.0.1:8787\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
                   b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        "request-old-version": b"\x00GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
                               b"Connection: upgrade\r\nSec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n"
                               b"Sec-WebSocket-Version: 8\r\n\r\n",
        "request-post": b"\x00POST /api HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}",
        "response": b"\x03HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    b"Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
        "response-refused": b"\x03HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n"
                            b"Content-Length: 0\r\n\r\n",
    },
    "phoenix_codec": {
        "v1-join": b"\x00" + join_v1.encode(),
        "v1-heartbeat": b'\x00{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"2"}',
        "v2-broadcast": b'\x01["1","3","realtime:room:7f3a","broadcast",{"type":"broadcast",'
                        b'"event":"cursor","payload":{"x":1.5,"y":-2,"n":null,"s":"\\u00e9"}}]',
        "v2-numeric-refs": b'\x01[null,4,"realtime:room:7f3a","presence",{"type":"presence",'
                           b'"event":"track","payload":{"status":"playing"}}]',
        "binary-json": b"\x02" + bytes([3, 1, 1, 16, 6, 0, 1]) + b"12realtime:room:1cursor"
                       + b'{"x":1}',
        "binary-raw-meta": b"\x02" + bytes([3, 0, 1, 16, 4, 12, 0]) + b"5realtime:room:1blob"
                           + b'{"id":"abc"}' + bytes([0, 1, 2, 255]),
    },
    "change_filter": {
        "eq": b"\x03room_id=eq.7f3a",
        "gte-number": b"\x05episode_number=gte.3",
        "in": b"\x00id=in.(1, \"2\",three)",
        "neq-bool": b"\x01is_playing=neq.true",
        "lt-float": b"\xfeposition=lt.12.5e1",
        "empty": b"\x00",
    },
    "invite_link": {
        "public": "watchium://192.168.1.5:8787/3f6c2a10-8f7e-4a51-9c1e-5d2b7a9e0c11",
        "private": "watchium://example.org:443/room_1?key=Zx9%2B%2Fk%3D",
        "tls": "watchium://[2001:db8::7]:8787/r-2?key=k&tls=1",
        "blanks": "  WATCHIUM://localhost:1/a/  ",
    },
    # A chunk count of 0 (the whole stream at once), then what a client sends.
    "http_request": {
        "get": b"\x00GET /health HTTP/1.1\r\nHost: a\r\n\r\n",
        "post": b"\x00POST /functions/v1/rooms-join HTTP/1.1\r\nHost: a\r\n"
                b"Content-Type: application/json\r\nContent-Length: 17\r\n\r\n"
                b'{"room_id":"abc"}',
        "chunked": b"\x00POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                   b"5\r\nhello\r\n0\r\n\r\n",
        "pipelined": b"\x00HEAD /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.0\r\n\r\n",
        "upgrade": b"\x00GET /realtime/v1/websocket?vsn=2.0.0 HTTP/1.1\r\nHost: a\r\n"
                   b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
                   b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   b"Sec-WebSocket-Version: 13\r\n\r\n",
    },
    # What a balancer sends first: PROXY v1 lines and v2 headers, then the request.
    "proxy_header": {
        "v1-tcp4": b"PROXY TCP4 203.0.113.7 10.0.0.11 51000 8787\r\nGET / HTTP/1.1\r\n",
        "v1-tcp6": b"PROXY TCP6 2001:db8::7 2001:db8::b 51000 8787\r\n",
        "v1-unknown": b"PROXY UNKNOWN\r\n",
        "v2-tcp4": V2_SIGNATURE + b"\x21\x11\x00\x0c" + bytes([203, 0, 113, 7, 10, 0, 0, 11])
                   + struct.pack(">HH", 51000, 8787),
        "v2-tcp6": V2_SIGNATURE + b"\x21\x21\x00\x24" + bytes(15) + b"\x07" + bytes(15)
                   + b"\x0b" + struct.pack(">HH", 51000, 8787),
        "v2-local": V2_SIGNATURE + b"\x20\x00\x00\x00",
        "v2-tlv": V2_SIGNATURE + b"\x21\x11\x00\x14" + bytes(12) + b"\x04\x00\x05hello",
    },
}

for harness, inputs in seeds.items():
    for name, data in inputs.items():
        write(harness, name, data)
