// Only the reentrant (_r) GEOS API is visible to Swift: a stray call to the
// thread-unsafe global API becomes a compile error instead of a latent race.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
