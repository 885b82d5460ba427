// SuiteSparse KLU (Debian: libsuitesparse-dev puts its headers in a suitesparse/ folder).
#include <suitesparse/klu.h>
#include <suitesparse/amd.h>
#include <suitesparse/cholmod.h>
