#ifndef MERIDIAN_CLIBYANG_SHIM_H
#define MERIDIAN_CLIBYANG_SHIM_H
#include <libyang/libyang.h>
#endif
