#ifndef ZVIEWER_CHIREDIS_SHIM_H
#define ZVIEWER_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <hiredis/read.h>

/// `redisReaderGetError` is a macro and `errstr` imports as a tuple: expose the message as a C string.
static inline const char *zv_redis_reader_error(redisReader *reader) {
    return reader->errstr;
}

/// Whether the reader is in an unrecoverable protocol error state.
static inline int zv_redis_reader_has_error(redisReader *reader) {
    return reader->err != 0;
}
#endif
