#ifndef FEAT_CJEMALLOC_SHIM_H
#define FEAT_CJEMALLOC_SHIM_H
#include <stddef.h>

/* jemalloc replaces malloc for the whole process by being linked. Only its control call is
   declared here (its own header would declare malloc a second time). */
int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
#endif
