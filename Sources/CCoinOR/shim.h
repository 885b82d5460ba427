#include <coin/Clp_C_Interface.h>
#include <coin/Cbc_C_Interface.h>
