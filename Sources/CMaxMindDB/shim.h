#ifndef ZVIEWER_CMAXMINDDB_SHIM_H
#define ZVIEWER_CMAXMINDDB_SHIM_H
#include <maxminddb.h>
#endif
