// PROJ's transformation API and its bundled GeographicLib port (geodesic.h).
#include <proj.h>
#include <geodesic.h>
