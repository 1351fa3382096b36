#include "FuzzSupport.h"

#include <QString>

#include <cstdio>
#include <cstdlib>

namespace watchium::fuzz {

void checkFailed(const char *condition, const char *file, int line)
{
    std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", condition, file, line);
    std::abort();
}

} // namespace watchium::fuzz

// A parser that logs a warning for every bad input would spend the run writing to stderr.
// Fatal messages still abort (Qt does that after the handler returns).
extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &text) {
        if (type == QtFatalMsg)
            std::fprintf(stderr, "%s\n", qPrintable(text));
    });
    return 0;
}
