// The Phoenix channel codec on what a client sends: vsn 1.0.0 JSON objects, vsn 2.0.0 JSON
// arrays, and vsn 2.0.0 binary user-broadcast pushes (the first byte picks). Checked: a
// decoded message has a topic and an event and its refs survive; encoding it and decoding the
// result gives the same message, in both vsns (encode(decode(x)) is a fixed point); a binary
// broadcast becomes a `broadcast` event whose payload names its type and user event.
#include "FuzzSupport.h"

#include "protocol/Codec.h"

#include <QJsonValue>

using watchium::fuzz::InputReader;
using watchium::protocol::Codec;
using watchium::protocol::Message;
using watchium::protocol::Vsn;

namespace {

bool sameMessage(const Message &a, const Message &b)
{
    // Null and empty refs differ on the wire (JSON null and ""), so they must differ here.
    return a.joinRef == b.joinRef && a.joinRef.isNull() == b.joinRef.isNull() && a.ref == b.ref
        && a.ref.isNull() == b.ref.isNull() && a.topic == b.topic && a.event == b.event
        && a.payload == b.payload && a.hasBinaryPayload == b.hasBinaryPayload
        && a.binaryPayload == b.binaryPayload;
}

void checkMessage(const Message &m)
{
    FUZZ_CHECK(!m.topic.isEmpty());
    FUZZ_CHECK(!m.event.isEmpty());
    FUZZ_CHECK(!m.hasBinaryPayload || m.binaryPayload.isEmpty() || m.event == "broadcast");
}

// What the server echoes (a reply carries the client's refs and topic) must decode to what
// it was made from, in either vsn.
void checkReencodes(const Message &m)
{
    for (const Vsn vsn : {Vsn::V1, Vsn::V2}) {
        const QByteArray text = Codec::encodeText(m, vsn);
        const Codec::DecodeResult again = Codec::decodeText(text, vsn);
        FUZZ_CHECK(again.message);
        FUZZ_CHECK(again.error.isEmpty());
        Message expected = m;
        expected.binaryPayload.clear();
        expected.hasBinaryPayload = false;
        FUZZ_CHECK(sameMessage(*again.message, expected));
    }
}

void checkText(const QByteArray &frame, Vsn vsn)
{
    const Codec::DecodeResult decoded = Codec::decodeText(frame, vsn);
    if (!decoded.message) {
        FUZZ_CHECK(!decoded.error.isEmpty());
        return;
    }
    checkMessage(*decoded.message);
    FUZZ_CHECK(!decoded.message->hasBinaryPayload);
    checkReencodes(*decoded.message);
}

void checkBinary(const QByteArray &frame)
{
    const Codec::DecodeResult decoded = Codec::decodeBinary(frame);
    if (!decoded.message) {
        FUZZ_CHECK(!decoded.error.isEmpty());
        return;
    }
    const Message &m = *decoded.message;
    checkMessage(m);
    FUZZ_CHECK(m.event == "broadcast");
    FUZZ_CHECK(m.payload.value("type") == "broadcast");
    const QJsonValue userEvent = m.payload.value("event");
    FUZZ_CHECK(userEvent.isString() && !userEvent.toString().isEmpty());
    FUZZ_CHECK(m.hasBinaryPayload != m.payload.contains("payload"));
    checkReencodes(m);
    // Relayed to vsn 2.0.0 subscribers as a kind 4 frame: the strings keep their bytes up to
    // 255 and the payload follows them whole.
    const QByteArray relayed =
        Codec::encodeUserBroadcast(m.topic, userEvent.toString(), m.binaryPayload, false);
    FUZZ_CHECK(relayed.size() >= 5 + m.binaryPayload.size());
    FUZZ_CHECK(relayed.endsWith(m.binaryPayload));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    InputReader input(data, size);
    const quint8 mode = input.byte() % 3;
    const QByteArray frame = input.rest().toByteArray();
    if (mode == 2)
        checkBinary(frame);
    else
        checkText(frame, mode == 0 ? Vsn::V1 : Vsn::V2);
    return 0;
}
