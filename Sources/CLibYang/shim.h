#ifndef MERIDIAN_CLIBYANG_SHIM_H
#define MERIDIAN_CLIBYANG_SHIM_H
#include <libyang/libyang.h>
#include <libyang/plugins_exts.h>

/* Swift cannot call C variadic functions: fixed-argument wrappers for the few YangData needs. */
static inline LY_ERR meridian_ly_ctx_get_yanglib_data(const struct ly_ctx *ctx, struct lyd_node **root,
        const char *content_id)
{
    return ly_ctx_get_yanglib_data(ctx, root, "%s", content_id);
}

#endif
