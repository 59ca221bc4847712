#ifndef MERIDIAN_CLIBCRYPTO_SHIM_H
#define MERIDIAN_CLIBCRYPTO_SHIM_H
// Only what the NTP MACs need: message digests (MD5, SHA-1, SHA-256) and
// the EVP_MAC interface for AES-128-CMAC (RFC 8573).
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#endif
