#ifndef MERIDIAN_CLIBSSH_SHIM_H
#define MERIDIAN_CLIBSSH_SHIM_H
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <libssh/callbacks.h>

/* libssh 0.10 marks these ssh_message accessors deprecated in favour of the server
 * callbacks. Those callbacks must answer before they return, which would put password
 * hashing on the reactor thread; the reactor keeps auth requests as messages instead and
 * answers them later (SSHReactor+Login.swift). These wrappers keep the warning in one place. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static inline const char *meridian_ssh_message_auth_password(ssh_message msg) {
    return ssh_message_auth_password(msg);
}
static inline ssh_key meridian_ssh_message_auth_pubkey(ssh_message msg) {
    return ssh_message_auth_pubkey(msg);
}
static inline int meridian_ssh_message_auth_publickey_state(ssh_message msg) {
    return (int)ssh_message_auth_publickey_state(msg);
}
#pragma GCC diagnostic pop
#endif
