#include "CSystemShims.h"
#include <sys/eventfd.h>

int meridian_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}
