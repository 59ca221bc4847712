#ifndef MERIDIAN_CLIBCRYPTO_SHIM_H
#define MERIDIAN_CLIBCRYPTO_SHIM_H
// The NTP MACs: message digests (MD5, SHA-1, SHA-256) and the EVP_MAC interface for
// AES-128-CMAC (RFC 8573). Secrets at rest: AES-256-GCM (EVP_CIPHER) and RAND_bytes.
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#endif
