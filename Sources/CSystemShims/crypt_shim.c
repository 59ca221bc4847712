#include "CSystemShims.h"
#include <crypt.h>
#include <string.h>

int meridian_crypt(const char *phrase, const char *setting, char *out, size_t out_len) {
    struct crypt_data data;
    memset(&data, 0, sizeof data);
    const char *hash = crypt_r(phrase, setting, &data);
    /* libxcrypt returns a string starting with '*' on failure (never NULL by default). */
    if (hash == NULL || hash[0] == '*') return -1;
    size_t len = strlen(hash);
    if (len + 1 > out_len) return -1;
    memcpy(out, hash, len + 1);
    explicit_bzero(&data, sizeof data);
    return 0;
}

int meridian_crypt_gensalt(const char *prefix, unsigned long count, char *out, size_t out_len) {
    if (out_len < CRYPT_GENSALT_OUTPUT_SIZE) return -1;
    char *salt = crypt_gensalt_rn(prefix, count, NULL, 0, out, (int)out_len);
    if (salt == NULL || salt[0] == '*') return -1;
    return 0;
}
