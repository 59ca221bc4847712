#ifndef MERIDIAN_CLIBSSH_SHIM_H
#define MERIDIAN_CLIBSSH_SHIM_H
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <libssh/callbacks.h>
#endif
