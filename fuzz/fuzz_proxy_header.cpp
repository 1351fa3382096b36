// The PROXY protocol header a trusted balancer sends first on a connection (ProxyHeader).
// Checked: a header is judged the same whatever follows it, every proper prefix of it waits for
// more and asks for no more than the header's length (the stream reads it in pieces), its length
// stays within the protocol's bounds, and a refusal says why.
#include "FuzzSupport.h"

#include "net/ProxyHeader.h"

using namespace watchium::server;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const ProxyHeader::Result whole = ProxyHeader::parse(bytes);
    if (whole.status == ProxyHeader::Status::Invalid) {
        FUZZ_CHECK(!whole.error.isEmpty());
        return 0;
    }
    if (whole.status == ProxyHeader::Status::NeedMore) {
        // What it asks for is more than it has, and never past the largest header.
        FUZZ_CHECK(bytes.size() < whole.length);
        FUZZ_CHECK(whole.length <= 16 + ProxyHeader::kMaxV2Block);
        return 0;
    }
    FUZZ_CHECK(whole.length > 0 && whole.length <= bytes.size());
    FUZZ_CHECK(whole.length <= 16 + ProxyHeader::kMaxV2Block);
    if (bytes.startsWith("PROXY "))
        FUZZ_CHECK(whole.length <= ProxyHeader::kMaxV1Length);
    if (whole.source)
        FUZZ_CHECK(!whole.source->isNull());

    const ProxyHeader::Result alone = ProxyHeader::parse(bytes.first(whole.length));
    FUZZ_CHECK(alone.status == ProxyHeader::Status::Done);
    FUZZ_CHECK(alone.length == whole.length);
    FUZZ_CHECK(alone.source == whole.source);
    for (qsizetype n = 0; n < whole.length; ++n) {
        const ProxyHeader::Result prefix = ProxyHeader::parse(bytes.first(n));
        FUZZ_CHECK(prefix.status == ProxyHeader::Status::NeedMore);
        // A reader that reads up to what a prefix asks for never reads past a v2 header.
        if (!bytes.startsWith("PROXY "))
            FUZZ_CHECK(prefix.length <= whole.length);
    }
    return 0;
}
