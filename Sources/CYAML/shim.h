#ifndef FEAT_CYAML_SHIM_H
#define FEAT_CYAML_SHIM_H
#include <yaml.h>
#endif
